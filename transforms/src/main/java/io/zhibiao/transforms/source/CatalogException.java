package io.zhibiao.transforms.source;

/**
 * A declaration file (sources, rules, catalogs) is malformed. The message names the file, the entry and
 * what is wrong, so the fix can be made without reading code.
 */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String file, String entry, String reason) {
        super(file + ": " + (entry == null ? "" : entry + ": ") + reason);
    }

    public CatalogException(String file, String entry, String reason, Throwable cause) {
        super(file + ": " + (entry == null ? "" : entry + ": ") + reason, cause);
    }
}
