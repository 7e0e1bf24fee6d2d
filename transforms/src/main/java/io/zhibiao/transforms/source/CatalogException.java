package io.zhibiao.transforms.source;

import io.zhibiao.lake.ExitCode;
import io.zhibiao.lake.ZhibiaoException;

/**
 * A declaration file (sources, rules, catalogs, users) is malformed: exit 2. The message names the file, the entry
 * and what is wrong, so the fix can be made without reading code. Part of the vocabulary of
 * {@link io.zhibiao.lake.ZhibiaoErrors}.
 */
public final class CatalogException extends ZhibiaoException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String file, String entry, String reason) {
        super(ExitCode.USAGE, file + ": " + (entry == null ? "" : entry + ": ") + reason);
    }

    public CatalogException(String file, String entry, String reason, Throwable cause) {
        super(ExitCode.USAGE, file + ": " + (entry == null ? "" : entry + ": ") + reason, cause);
    }
}
