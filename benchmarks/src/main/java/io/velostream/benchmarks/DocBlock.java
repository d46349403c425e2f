package io.velostream.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A generated block of a docs/ page, between two HTML comment markers, rewritten by the run that measured it. */
public final class DocBlock {
    private DocBlock() {
    }

    /** Replaces what is between {@code start} and {@code end} in {@code doc} (or appends the markers with the block). */
    public static void write(Path doc, String start, String end, String block) throws IOException {
        String text = Files.readString(doc);
        int from = text.indexOf(start), to = text.indexOf(end);
        String marked = start + "\n" + block + end;
        Files.writeString(doc, from >= 0 && to > from
                ? text.substring(0, from) + marked + text.substring(to + end.length())
                : text + "\n" + marked + "\n");
    }
}
