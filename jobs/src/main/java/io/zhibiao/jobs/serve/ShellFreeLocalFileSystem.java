package io.zhibiao.jobs.serve;

import io.zhibiao.lake.fs.ForklessLocalFileSystem;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system with permissions read and set through Java instead of {@code chmod}, {@code ls} and
 * {@code stat}: the sandbox {@code zhibiao serve} answers clients from has no programs to start (no shell, no
 * coreutils), which is what keeps a script transform from running anything; Hive's session directories and Spark's
 * warehouse still need their permissions set. Installed as {@code fs.file.impl} in the sandboxed server only.
 */
public final class ShellFreeLocalFileSystem extends LocalFileSystem {

    public ShellFreeLocalFileSystem() {
        super(new Raw());
    }

    /** The raw file system underneath the checksums. */
    public static final class Raw extends RawLocalFileSystem {

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            Files.setPosixFilePermissions(pathToFile(p).toPath(), ForklessLocalFileSystem.posix(permission));
        }

        @Override
        public void setOwner(Path p, String user, String group) throws IOException {
            throw new IOException("zhibiao serve's sandbox changes no file's owner (" + p.getName() + ")");
        }

        @Override
        public FileStatus getFileStatus(Path f) throws IOException {
            return status(f, pathToFile(f));
        }

        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            return getFileStatus(f);
        }

        @Override
        public boolean supportsSymlinks() {
            return false;
        }

        @Override
        public FileStatus[] listStatus(Path f) throws IOException {
            File file = pathToFile(f);
            if (!file.exists()) {
                throw new FileNotFoundException("File " + f + " does not exist");
            }
            if (!file.isDirectory()) {
                return new FileStatus[] {status(f, file)};
            }
            String[] names = file.list();
            if (names == null) {
                throw new IOException("cannot list " + f);
            }
            List<FileStatus> out = new ArrayList<>(names.length);
            for (String name : names) {
                try {
                    out.add(status(new Path(f, name), new File(file, name)));
                } catch (FileNotFoundException gone) {
                    // removed between listing and reading: as Hadoop's own listing does, leave it out
                }
            }
            return out.toArray(new FileStatus[0]);
        }

        private FileStatus status(Path p, File file) throws IOException {
            java.nio.file.Path nio = file.toPath();
            if (!Files.exists(nio)) {
                throw new FileNotFoundException("File " + p + " does not exist");
            }
            PosixFileAttributes a = Files.readAttributes(nio, PosixFileAttributes.class);
            return new FileStatus(a.size(), a.isDirectory(), 1, getDefaultBlockSize(p), a.lastModifiedTime().toMillis(),
                    a.lastAccessTime().toMillis(), ForklessLocalFileSystem.hadoop(a.permissions()), a.owner().getName(),
                    a.group().getName(), p.makeQualified(getUri(), getWorkingDirectory()));
        }
    }
}
