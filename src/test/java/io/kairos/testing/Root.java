package io.kairos.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests of what an agent running as root gives its tasks. CI runs as root: there (CI=true) a test that is not root
 * fails rather than passing without having checked anything; elsewhere it is skipped with the reason.
 */
public final class Root {

    private Root() {
    }

    public static void require() {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        if (!root && "true".equals(System.getenv("CI"))) {
            Assertions.fail("this test checks what an agent running as root gives its tasks: run it as root");
        }
        Assumptions.assumeTrue(root, "not root: tasks cannot switch users, nothing to check");
    }
}
