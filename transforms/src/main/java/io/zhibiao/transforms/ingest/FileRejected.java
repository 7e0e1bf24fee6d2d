package io.zhibiao.transforms.ingest;

/**
 * A delivered file cannot be taken in at all. Nothing of it reaches the lake; the message names the file,
 * says what is wrong and what to do.
 */
public final class FileRejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String reason;

    public FileRejected(String file, String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
