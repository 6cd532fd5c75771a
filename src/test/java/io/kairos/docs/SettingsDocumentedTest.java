package io.kairos.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code kairos.*} setting the code reads is documented in the README, by its key or its environment variable:
 * the {@code @ConfigProperty} names, and the members of the {@code @ConfigMapping} interfaces (kebab-cased, as
 * SmallRye Config names them).
 */
class SettingsDocumentedTest {

    private static final Pattern PROPERTY = Pattern.compile("@ConfigProperty\\(name = \"(kairos\\.[a-z0-9.-]+)\"");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"(kairos\\.[a-z0-9.-]+)\"\\)");
    private static final Pattern MEMBER = Pattern.compile("^\\s+[A-Za-z<>, ]+ ([a-z][A-Za-z0-9]*)\\(\\);", Pattern.MULTILINE);

    static List<String> settingsReadByTheCode() throws IOException {
        TreeSet<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                Matcher p = PROPERTY.matcher(src);
                while (p.find()) {
                    keys.add(p.group(1));
                }
                Matcher m = MAPPING.matcher(src);
                if (m.find()) {
                    Matcher member = MEMBER.matcher(src);
                    while (member.find()) {
                        keys.add(m.group(1) + "." + member.group(1).replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return List.copyOf(keys);
    }

    @Test
    void the_readme_documents_every_setting_the_code_reads() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> keys = settingsReadByTheCode();
        assertTrue(keys.size() > 30, "found the settings: " + keys);
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            String env = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (!readme.contains("`" + key + "`") && !readme.contains("`" + env + "`")) {
                missing.add(key + " (" + env + ")");
            }
        }
        assertEquals(List.of(), missing, "settings the README does not name");
    }
}
