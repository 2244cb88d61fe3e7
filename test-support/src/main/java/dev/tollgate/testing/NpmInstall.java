package dev.tollgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The harness's Node.js packages (dynalite, the Node.js peer), installed from their lockfiles. */
public final class NpmInstall {
    private NpmInstall() {}

    /**
     * Runs {@code npm ci} in {@code dir} (a folder with package.json and package-lock.json) unless
     * its {@code node_modules} already exists.
     *
     * @throws IOException when npm fails
     */
    public static void ensure(Path dir) throws IOException, InterruptedException {
        if (Files.isDirectory(dir.resolve("node_modules"))) {
            return;
        }
        // npm's output goes to a file, never to this process's own descriptors: inside a test JVM
        // forked by Maven they carry the build tool's channel, which stray bytes would corrupt.
        Path log = Files.createTempFile("npm-ci", ".log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (npm.waitFor() != 0 || !Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IOException("npm ci in " + dir + " failed:\n" + Files.readString(log));
        }
        Files.deleteIfExists(log);
    }
}
