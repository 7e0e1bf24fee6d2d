package io.zhibiao.lake.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system without the child processes. Without Hadoop's native library (never present here)
 * {@link RawLocalFileSystem} runs {@code chmod} for every file and folder it creates and {@code readlink} for every
 * rename through a {@code FileContext} (Delta's log store commits that way): a run on the sample lake started 2,616
 * processes from a JVM of several gigabytes. Permissions and link status are read and set through java.nio here
 * instead, with the same results. {@code Sessions.create} installs it for the {@code file:} scheme, both as a
 * {@code FileSystem} and as the {@code AbstractFileSystem} behind {@code FileContext}.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {

    /** The Hadoop settings that install it for {@code file:} (Spark takes them with a {@code spark.hadoop.} prefix). */
    public static final Map<String, String> HADOOP_SETTINGS = Map.of(
            "fs.file.impl", ForklessLocalFileSystem.class.getName(),
            "fs.AbstractFileSystem.file.impl", Fs.class.getName());

    public ForklessLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (checksum-less) file system under both entry points. */
    public static final class Raw extends RawLocalFileSystem {

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            java.nio.file.Path file = pathToFile(p).toPath();
            try {
                Files.setPosixFilePermissions(file, posix(permission));
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException(p.toString());
            }
        }

        /**
         * The status, with its permission, owner and group read through java.nio when first asked for. Hadoop's status
         * reads them with {@code ls -ld} when first asked for, and every listing that builds a
         * {@code LocatedFileStatus} (listFiles, Spark's file listings) asks: one process per file listed.
         */
        @Override
        public FileStatus getFileStatus(Path f) throws IOException {
            return new NioStatus(super.getFileStatus(f), pathToFile(f).toPath());
        }

        /** The folder's entries as {@link #getFileStatus} gives them. */
        @Override
        public FileStatus[] listStatus(Path f) throws IOException {
            FileStatus[] listed = super.listStatus(f);
            FileStatus[] out = new FileStatus[listed.length];
            for (int i = 0; i < listed.length; i++) {
                out[i] = new NioStatus(listed[i], pathToFile(listed[i].getPath()).toPath());
            }
            return out;
        }

        /** The status of the path itself, not of what a link points to (as Hadoop's, without {@code readlink}). */
        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            java.nio.file.Path file = pathToFile(f).toPath();
            PosixFileAttributes a;
            try {
                a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException("File " + f + " does not exist");
            }
            if (!a.isSymbolicLink()) {
                return getFileStatus(f);
            }
            Path target = new Path(Files.readSymbolicLink(file).toString());
            return new FileStatus(0, false, 1, getDefaultBlockSize(f), a.lastModifiedTime().toMillis(),
                    a.lastAccessTime().toMillis(), hadoop(a.permissions()), a.owner().getName(), a.group().getName(),
                    target, f.makeQualified(getUri(), getWorkingDirectory()));
        }
    }

    /** A local file's status whose permission, owner and group are read through java.nio when first asked for. */
    static final class NioStatus extends FileStatus {
        private static final long serialVersionUID = 1L;
        /** The local path, as text: a status sent to another JVM can still read its file's attributes there. */
        private final String file;
        private boolean loaded;

        NioStatus(FileStatus s, java.nio.file.Path file) {
            super(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s.getModificationTime(),
                    s.getAccessTime(), null, null, null, s.getPath());
            this.file = file.toString();
        }

        private synchronized void load() {
            if (loaded) {
                return;
            }
            loaded = true;
            try {
                PosixFileAttributes a = Files.readAttributes(java.nio.file.Path.of(file), PosixFileAttributes.class);
                super.setPermission(hadoop(a.permissions()));
                super.setOwner(a.owner().getName());
                super.setGroup(a.group().getName());
            } catch (IOException e) {
                // gone since it was listed: Hadoop's status then gives the defaults as well
                super.setPermission(FsPermission.getFileDefault());
                super.setOwner("");
                super.setGroup("");
            }
        }

        @Override
        public FsPermission getPermission() {
            load();
            return super.getPermission();
        }

        @Override
        public String getOwner() {
            load();
            return super.getOwner();
        }

        @Override
        public String getGroup() {
            load();
            return super.getGroup();
        }

    }

    /** Permission bits from the lowest (others' execute) to the highest (owner's read). */
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    /** Hadoop's permission as java.nio's (the rwx bits; sticky and set-id bits are not carried). */
    public static Set<PosixFilePermission> posix(FsPermission permission) {
        short bits = permission.toShort();
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((bits & (1 << i)) != 0) {
                s.add(BITS[i]);
            }
        }
        return s;
    }

    /** java.nio's permissions as Hadoop's. */
    public static FsPermission hadoop(Set<PosixFilePermission> perms) {
        short bits = 0;
        for (int i = 0; i < BITS.length; i++) {
            if (perms.contains(BITS[i])) {
                bits |= (short) (1 << i);
            }
        }
        return new FsPermission(bits);
    }

    /** The same for {@code FileContext} ({@code fs.AbstractFileSystem.file.impl}), with checksums as Hadoop's LocalFs. */
    public static final class Fs extends ChecksumFs {
        public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(new RawFs(conf));
        }
    }

    /** The raw {@code AbstractFileSystem}, delegating to {@link Raw}. */
    public static final class RawFs extends DelegateToFileSystem {
        RawFs(Configuration conf) throws IOException, URISyntaxException {
            super(FsConstants.LOCAL_FS_URI, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
        }

        @Override
        public boolean isValidName(String src) {
            return true;
        }
    }
}
