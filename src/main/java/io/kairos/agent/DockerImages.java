package io.kairos.agent;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Makes a task's image present on the daemon: looked up, pulled when missing or when the task forces a pull. */
final class DockerImages {

    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    private final DockerClient docker;

    DockerImages(DockerClient docker) {
        this.docker = docker;
    }

    /** Returns null when the image is ready, else why the task cannot start. */
    String ensure(String image, boolean forcePull) {
        boolean present;
        try {
            docker.inspectImageCmd(image).exec();
            present = true;
        } catch (NotFoundException e) {
            present = false;
        }
        if (present && !forcePull) {
            return null;
        }
        try {
            pull(image);
            return null;
        } catch (RuntimeException e) {
            return "image " + image + (present ? " could not be pulled (forcePull): " : " not found and pull failed: ")
                    + DockerContainerizer.rootMessage(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "image " + image + ": interrupted while pulling";
        }
    }

    private void pull(String image) throws InterruptedException {
        String repository = image;
        String tag = null;
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (!image.contains("@")) {
            // Without a tag the daemon would pull every tag of the repository.
            repository = colon > slash ? image.substring(0, colon) : image;
            tag = colon > slash ? image.substring(colon + 1) : "latest";
        }
        QuietPull pull = docker.pullImageCmd(repository).withTag(tag).exec(new QuietPull());
        if (!pull.awaitCompletion(PULL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no answer within " + PULL_TIMEOUT);
        }
        if (pull.failure != null) {
            throw pull.failure;
        }
    }

    /**
     * A failed pull is an ordinary task outcome (FAILED_TO_START) here; docker-java would also log it as an ERROR
     * with a stack trace, so the failure is kept for the caller instead.
     */
    private static final class QuietPull extends PullImageResultCallback {
        private volatile RuntimeException failure;

        @Override
        public void onError(Throwable error) {
            failure = error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
            try {
                close();
            } catch (IOException e) {
                // the stream is gone either way
            }
        }
    }
}
