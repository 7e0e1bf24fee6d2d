package io.zhibiao.lake.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file system without child processes does what Hadoop's does, through java.nio. */
class ForklessLocalFileSystemTest {

    @TempDir
    java.nio.file.Path dir;

    private static Configuration conf() {
        Configuration c = new Configuration(false);
        ForklessLocalFileSystem.HADOOP_SETTINGS.forEach(c::set);
        c.setBoolean("fs.file.impl.disable.cache", true);
        return c;
    }

    @Test
    void createdFilesAndFoldersGetTheAskedPermissionsMinusTheUmask() throws Exception {
        FileSystem fs = FileSystem.get(dir.toUri(), conf());
        assertTrue(fs instanceof ForklessLocalFileSystem);
        Path file = new Path(dir.toUri().toString(), "a/b/part-0.parquet");
        // 0777 asked, Hadoop's default umask 022 applied: rwxr-xr-x on the folders; files 0666 → rw-r--r--.
        assertTrue(fs.mkdirs(file.getParent(), new FsPermission((short) 0777)));
        try (var out = fs.create(file)) {
            out.write(new byte[] {1, 2, 3});
        }
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/part-0.parquet"))));
        fs.setPermission(file, new FsPermission((short) 0640));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/part-0.parquet"))));
        assertEquals(3, fs.getFileStatus(file).getLen());
        assertThrows(FileNotFoundException.class, () -> fs.setPermission(new Path(dir.toUri().toString(), "missing"),
                new FsPermission((short) 0644)));
    }

    @Test
    void listingsCarryPermissionOwnerAndGroupReadThroughJavaNio() throws Exception {
        // Hadoop's local status reads permission, owner and group lazily with `ls -ld`, and a LocatedFileStatus (what
        // listFiles and Spark's file listings build) asks for them at once: a process per file listed. Here they are
        // in the status as listed, the same as java.nio reads them.
        FileSystem fs = FileSystem.get(dir.toUri(), conf());
        Files.createDirectories(dir.resolve("t/sub"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(dir.resolve("t/sub/part-" + i + ".parquet"), "x".repeat(i + 1));
        }
        Files.setPosixFilePermissions(dir.resolve("t/sub/part-1.parquet"), PosixFilePermissions.fromString("rw-r-----"));
        String owner = Files.getOwner(dir.resolve("t/sub/part-1.parquet")).getName();
        var it = fs.listFiles(new Path(dir.toUri().toString(), "t"), true);
        java.util.Map<String, String> seen = new java.util.TreeMap<>();
        while (it.hasNext()) {
            var f = it.next();
            seen.put(f.getPath().getName(), f.getLen() + " " + f.getPermission() + " " + f.getOwner());
        }
        // the .crc files Hadoop writes beside its own files are not listed; none were written here
        assertEquals(java.util.Map.of(
                "part-0.parquet", "1 " + perm(dir.resolve("t/sub/part-0.parquet")) + " " + owner,
                "part-1.parquet", "2 rw-r----- " + owner,
                "part-2.parquet", "3 " + perm(dir.resolve("t/sub/part-2.parquet")) + " " + owner), seen);
        FileStatus folder = fs.getFileStatus(new Path(dir.toUri().toString(), "t/sub"));
        assertTrue(folder.isDirectory());
        assertEquals(perm(dir.resolve("t/sub")), folder.getPermission().toString());
        assertEquals(Files.readAttributes(dir.resolve("t/sub"), java.nio.file.attribute.PosixFileAttributes.class)
                .group().getName(), folder.getGroup());
        // not Hadoop's status that runs `ls -ld` when asked for its permission
        for (FileStatus st : fs.listStatus(new Path(dir.toUri().toString(), "t/sub"))) {
            assertFalse(st.getClass().getName().contains("Deprecated"), st.getClass().getName());
        }
        assertThrows(FileNotFoundException.class, () -> fs.getFileStatus(new Path(dir.toUri().toString(), "t/none")));
    }

    private static String perm(java.nio.file.Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void permissionBitsConvertBothWays() {
        // 0754 = rwx r-x r-- ; 0 = ---------
        assertEquals("rwxr-xr--", PosixFilePermissions.toString(ForklessLocalFileSystem.posix(new FsPermission((short) 0754))));
        assertEquals((short) 0754, ForklessLocalFileSystem.hadoop(PosixFilePermissions.fromString("rwxr-xr--")).toShort());
        assertEquals((short) 0, ForklessLocalFileSystem.hadoop(PosixFilePermissions.fromString("---------")).toShort());
    }

    @Test
    void linkStatusNamesTheLinkAndItsTargetWithoutFollowingIt() throws Exception {
        FileSystem fs = FileSystem.get(dir.toUri(), conf());
        Files.writeString(dir.resolve("target.txt"), "x");
        Files.createSymbolicLink(dir.resolve("link.txt"), dir.resolve("target.txt"));
        FileStatus link = fs.getFileLinkStatus(new Path(dir.toUri().toString(), "link.txt"));
        assertTrue(link.isSymlink());
        assertEquals(dir.resolve("target.txt").toString(), link.getSymlink().toUri().getPath());
        FileStatus plain = fs.getFileLinkStatus(new Path(dir.toUri().toString(), "target.txt"));
        assertFalse(plain.isSymlink());
        assertEquals(1, plain.getLen());
        assertThrows(FileNotFoundException.class, () -> fs.getFileLinkStatus(new Path(dir.toUri().toString(), "nope")));
    }

    @Test
    void fileContextRenameWithoutOverwriteIsTheLogStoresPutIfAbsent() throws Exception {
        // Delta's HDFSLogStore commits a version by a FileContext rename that must fail when the version exists.
        FileContext fc = FileContext.getFileContext(dir.toUri(), conf());
        Path tmp = new Path(dir.toUri().toString(), ".00001.json.tmp");
        Path commit = new Path(dir.toUri().toString(), "00001.json");
        try (var out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE))) {
            out.write("{}".getBytes());
        }
        fc.rename(tmp, commit, Options.Rename.NONE);
        assertTrue(Files.exists(dir.resolve("00001.json")));
        Path again = new Path(dir.toUri().toString(), ".00001.json.tmp2");
        try (var out = fc.create(again, EnumSet.of(CreateFlag.CREATE))) {
            out.write("{\"other\":1}".getBytes());
        }
        assertThrows(org.apache.hadoop.fs.FileAlreadyExistsException.class,
                () -> fc.rename(again, commit, Options.Rename.NONE));
        assertEquals("{}", Files.readString(dir.resolve("00001.json")));
    }
}
