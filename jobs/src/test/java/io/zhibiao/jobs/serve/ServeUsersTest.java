package io.zhibiao.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatPath;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zhibiao.transforms.source.CatalogException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file of {@code zhibiao serve}: hashes only, checked at start-up with a message that says how to fix it. */
class ServeUsersTest {

    @TempDir
    Path dir;

    @Test
    void aSavedUserLogsInWithItsPasswordOnly() throws IOException {
        Path file = dir.resolve("users.yaml");
        ServeUsers.put(file, "finebi", "correct horse 指标");
        ServeUsers.put(file, "superset", "another-password");
        ServeUsers users = ServeUsers.load(file);

        assertThat(users.names()).containsExactly("finebi", "superset");
        assertThat(users.verify("finebi", "correct horse 指标")).isTrue();
        assertThat(users.verify("finebi", "correct horse")).isFalse();
        assertThat(users.verify("superset", "correct horse 指标")).isFalse();
        assertThat(users.verify("mallory", "correct horse 指标")).isFalse();
        assertThat(users.verify(null, null)).isFalse();

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("correct horse").contains("pbkdf2-sha256$600000$");
    }

    @Test
    void changingAPasswordKeepsTheOtherUsers() {
        Path file = dir.resolve("users.yaml");
        ServeUsers.put(file, "finebi", "first-password");
        ServeUsers.put(file, "tableau", "tableau-password");
        ServeUsers.put(file, "finebi", "second-password");
        ServeUsers users = ServeUsers.load(file);

        assertThat(users.verify("finebi", "second-password")).isTrue();
        assertThat(users.verify("finebi", "first-password")).isFalse();
        assertThat(users.verify("tableau", "tableau-password")).isTrue();
    }

    @Test
    void twoHashesOfOnePasswordDiffer() {
        assertThat(ServeUsers.hash("same password")).isNotEqualTo(ServeUsers.hash("same password"));
    }

    @Test
    void aMalformedFileStopsTheServerWithTheEntryAndTheFix() throws IOException {
        Path plain = dir.resolve("plain.yaml");
        Files.writeString(plain, "users:\n  - name: finebi\n    password_hash: secret123\n");
        assertThatThrownBy(() -> ServeUsers.load(plain)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("users[0] (finebi)")
                .hasMessageContaining("a plain password is never accepted")
                .hasMessageContaining("zhibiao serve passwd finebi");

        Path weak = dir.resolve("weak.yaml");
        Files.writeString(weak, "users:\n  - name: finebi\n    password_hash: \"pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"\n");
        assertThatThrownBy(() -> ServeUsers.load(weak)).hasMessageContaining("1000 iterations");

        Path twice = dir.resolve("twice.yaml");
        ServeUsers.put(twice, "finebi", "first-password");
        String entry = Files.readString(twice).substring(Files.readString(twice).indexOf("  - name"));
        Files.writeString(twice, Files.readString(twice) + entry);
        assertThatThrownBy(() -> ServeUsers.load(twice)).hasMessageContaining("listed twice");

        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "users: []\n");
        assertThatThrownBy(() -> ServeUsers.load(empty)).hasMessageContaining("lists no users");

        assertThatThrownBy(() -> ServeUsers.load(dir.resolve("missing.yaml")))
                .hasMessageContaining("no such user file; create one with: zhibiao serve passwd NAME");
    }

    @Test
    void namesAndPasswordsAreCheckedBeforeSaving() {
        Path file = dir.resolve("users.yaml");
        assertThatThrownBy(() -> ServeUsers.put(file, "bad name", "long-enough")).isInstanceOf(io.zhibiao.lake.ZhibiaoException.class)
                .hasMessageContaining("a name is a letter");
        assertThatThrownBy(() -> ServeUsers.put(file, "finebi", "short")).hasMessageContaining("at least 8 characters");
        assertThatPath(file).doesNotExist();
    }
}
