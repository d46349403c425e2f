package io.velostream.engine.internal.exec.state.rocksdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A store's checkpoint file: the changelog offset up to which its local files hold the changelog, as
 * decimal text. Replaced whole (written aside, then moved over), so a crash leaves the old one or the new.
 */
final class Checkpoint {
    private final Path file;
    private final Path next;

    Checkpoint(Path file) {
        this.file = file;
        this.next = file.resolveSibling(file.getFileName() + ".tmp");
    }

    /** The offset, or -1 when there is no checkpoint or it cannot be read (the store is then rebuilt). */
    long read() throws IOException {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException | NumberFormatException e) {
            return -1;
        }
    }

    void write(long offset) throws IOException {
        Files.writeString(next, Long.toString(offset), StandardCharsets.US_ASCII);
        try {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
