package io.kairos.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Images for tests, built locally: no registry is reachable from CI. {@code .ci/run} builds the same busybox
 * image with the same layout, so either may come first.
 */
public final class TestImages {

    public static final String BUSYBOX = "local/busybox:latest";
    private static final Path STATIC_BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS =
            List.of("sh", "echo", "sleep", "cat", "env", "false", "true", "ls", "printf", "wc");

    private TestImages() {
    }

    /** {@value #BUSYBOX}: a static busybox with its common applets linked in /bin, imported if absent. */
    public static synchronized String busybox() {
        DockerClient docker = Docker.requireDocker();
        try {
            docker.inspectImageCmd(BUSYBOX).exec();
            return BUSYBOX;
        } catch (NotFoundException absent) {
            // docker-java 3.5.1's createImageCmd (docker import) sends the stream JSON-encoded and the daemon rejects
            // it, so the root filesystem goes in as the single layer of a `docker save` archive instead.
            docker.loadImageCmd(new ByteArrayInputStream(savedImage(busyboxRootfs()))).exec();
            docker.inspectImageCmd(BUSYBOX).exec();
            return BUSYBOX;
        }
    }

    /** A `docker save` archive: one layer, a config naming its digest, a manifest tagging it {@value #BUSYBOX}. */
    private static byte[] savedImage(byte[] layer) {
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"/bin/sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + sha256(layer) + "\"]}}";
        String manifest = "[{\"Config\":\"config.json\",\"RepoTags\":[\"" + BUSYBOX + "\"],"
                + "\"Layers\":[\"layer/layer.tar\"]}]";
        return new RootfsTar()
                .directory("layer")
                .file("layer/layer.tar", 0644, layer)
                .file("config.json", 0644, config.getBytes(StandardCharsets.UTF_8))
                .file("manifest.json", 0644, manifest.getBytes(StandardCharsets.UTF_8))
                .toBytes();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] busyboxRootfs() {
        byte[] busybox;
        try {
            busybox = Files.readAllBytes(STATIC_BUSYBOX);
        } catch (IOException e) {
            throw new UncheckedIOException(STATIC_BUSYBOX + " is needed to build " + BUSYBOX
                    + ": install busybox-static", e);
        }
        RootfsTar tar = new RootfsTar().directory("bin").directory("tmp").file("bin/busybox", 0755, busybox);
        APPLETS.forEach(applet -> tar.symlink("bin/" + applet, "busybox"));
        return tar.toBytes();
    }
}
