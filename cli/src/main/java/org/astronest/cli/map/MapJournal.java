package org.astronest.cli.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finished tasks of a map, one JSON line each ({@link TaskResult}) in {@code DIR/tasks.jsonl}, appended and
 * forced to disk as each task ends: a killed map loses only the tasks in flight, and {@code --resume} skips every
 * task the journal holds. A last line cut short by the kill is dropped (and cut from the file) on reading; any other
 * unreadable line is an error naming the file and the line.
 */
public final class MapJournal implements AutoCloseable {

    public static final String FILE = "tasks.jsonl";

    private final FileChannel channel;

    private MapJournal(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens the journal of {@code dir} for appending (created when absent). */
    public static MapJournal open(Path dir) {
        try {
            return new MapJournal(FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Appends one finished task and forces it to disk. */
    public synchronized void append(TaskResult r) {
        byte[] b = (r.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + FILE + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tasks finished in {@code dir} by key (empty when there is no journal). A torn last line is removed from
     * the file so that appending goes on after the last whole line.
     */
    public static Map<String, TaskResult> read(Path dir) {
        Path f = dir.resolve(FILE);
        Map<String, TaskResult> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(f)) {
            return out;
        }
        try {
            byte[] all = Files.readAllBytes(f);
            String text = new String(all, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1;
            if (end < text.length()) {
                // the kill cut the last line: keep the whole lines only
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    ch.truncate(text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
                    ch.force(true);
                }
            }
            List<String> lines = new ArrayList<>(List.of(text.substring(0, end).split("\n")));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                TaskResult r;
                try {
                    r = TaskResult.parse(line);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(f + " line " + (i + 1) + ": " + e.getMessage());
                }
                out.put(r.key(), r);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
