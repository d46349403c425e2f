package io.velostream.engine.internal.exec.state.rocksdb;

import io.velostream.engine.internal.exec.state.StoreInUseException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A store directory's lock, taken before its files are read or wiped, so that a task opening the store
 * never deletes the files of one that still has them open: a task of another thread that has not closed
 * it yet (its partition just moved), or another process with the same {@code state.dir}.
 */
final class StoreLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws StoreInUseException when held: the job retries the batch, and the task opens once it is free */
    static StoreLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held in this process
        }
        if (lock == null) {
            channel.close();
            throw new StoreInUseException("the state store in " + dir + " is in use: by a task of this process"
                    + " that has not closed it yet (its partition just moved between threads), or by another process"
                    + " with the same state.dir (give each instance its own)");
        }
        return new StoreLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
