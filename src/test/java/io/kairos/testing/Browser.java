package io.kairos.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver. Tests that need it call
 * {@link #open()}: without the browser they fail, loudly, rather than being skipped
 * ({@code apt-get install chromium chromium-driver}; .ci/run installs both).
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("KAIROS_TEST_CHROMIUM", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("KAIROS_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    /** Screenshots land here; CI keeps the folder as a build artifact. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A fresh headless browser with an empty profile and a 1280×900 window. */
    public static Browser open() {
        return open(new String[0]);
    }

    /** As {@link #open()}, with more chromium switches (such as {@code --host-resolver-rules=MAP evil.test 127.0.0.1}). */
    public static Browser open(String... switches) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("A browser is required for this test: install Debian's chromium and chromium-driver (looked for "
                    + CHROMIUM + " and " + CHROMEDRIVER + ")");
        }
        try {
            Path profile = Files.createTempDirectory("kairos-chromium");
            ChromeOptions options = new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    // the machine's network is closed: background fetches only produce refused connections
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-quic", "--no-first-run", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                            "--window-size=1280,900", "--lang=en-GB")
                    .addArguments(switches);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Waits up to {@code seconds} for a condition on the page. */
    /**
     * Clicks what {@code by} finds, finding it again if a page's polling swapped it out between the finding and the
     * click (a stale element): what a user's click on a live page does.
     */
    public void click(org.openqa.selenium.By by) {
        waitUpTo(10).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    /** A wait that looks again when the page's polling replaced what it was reading (a stale element is no answer). */
    public WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Phone-sized viewport (390×844), as a 2020s phone in portrait. */
    public Browser phone() {
        driver.manage().window().setSize(new Dimension(390, 844));
        return this;
    }

    public Browser desktop() {
        driver.manage().window().setSize(new Dimension(1280, 900));
        return this;
    }

    /** Saves a PNG of the viewport as target/screenshots/{name}.png and returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
