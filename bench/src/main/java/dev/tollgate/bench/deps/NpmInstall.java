package dev.tollgate.bench.deps;

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
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile()).inheritIO().start();
        if (npm.waitFor() != 0 || !Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IOException("npm ci in " + dir + " failed");
        }
    }
}
