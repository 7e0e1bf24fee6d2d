package io.zhibiao.transforms.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: comma separated, fields optionally in double quotes with "" for a quote,
 * line breaks allowed inside quotes, records ended by LF or CRLF. It never guesses: an unterminated quote
 * is reported on the record it started, not silently joined to the rest of the file.
 */
public final class CsvParser {

    /** One record: its fields, the line it starts on (1-based), if malformed why, and how it ended. */
    public record Record(List<String> fields, long line, String problem, End end) {
    }

    /** How a record ended: only a line break shows that it arrived whole. */
    public enum End { LINE_BREAK, END_OF_INPUT, INSIDE_QUOTES }

    private final Reader in;
    private long line = 1;
    private int pushedBack = -2;

    public CsvParser(Reader in) {
        this.in = in;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    /** The next record, or null at the end of input. A blank last line is not a record. */
    public Record next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        String problem = null;
        while (true) {
            if (c == -1) {
                if (quoted) {
                    problem = "第 " + start + " 行开始的引号字段直到文件末尾都未闭合";
                }
                fields.add(field.toString());
                return new Record(fields, start, problem, quoted ? End.INSIDE_QUOTES : End.END_OF_INPUT);
            }
            if (quoted) {
                if (c == '"') {
                    int d = read();
                    if (d == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        c = d;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '\r') {
                int d = read();
                if (d != '\n') {
                    pushedBack = d;
                }
                line++;
                fields.add(field.toString());
                return new Record(fields, start, problem, End.LINE_BREAK);
            } else if (c == '\n') {
                line++;
                fields.add(field.toString());
                return new Record(fields, start, problem, End.LINE_BREAK);
            } else if (c == '"' && field.length() == 0 && !afterQuote) {
                quoted = true;
            } else {
                if (afterQuote && problem == null) {
                    problem = "第 " + line + " 行引号闭合后还有其他字符";
                }
                field.append((char) c);
            }
            c = read();
        }
    }
}
