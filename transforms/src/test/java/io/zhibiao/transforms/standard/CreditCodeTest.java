package io.zhibiao.transforms.standard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CreditCodeTest {

    @Test
    void checkCharacterOfAPublishedCode() {
        // 9 1 1 1 0 0 0 0 6 0 0 0 3 7 3 4 1 with weights 3^(i-1) mod 31 =
        // 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
        // 9 + 3 + 9 + 27 + 6·20 + 3·8 + 7·24 + 3·10 + 4·30 + 1·28 = 538; 538 mod 31 = 11; 31 − 11 = 20 → 'L'.
        assertThat(CreditCode.checkCharacter("91110000600037341")).isEqualTo('L');
        assertThat(CreditCode.isValid("91110000600037341L")).isTrue();
        assertThat(CreditCode.isValid("91350100M000100Y43")).isTrue();
    }

    @Test
    void organisationCheckCharacter() {
        // GB 11714: 6·3 + 0·7 + 0·9 + 0·10 + 3·5 + 7·8 + 3·4 + 4·2 = 109; 109 mod 11 = 10; 11 − 10 = 1.
        assertThat(CreditCode.organisationCheckCharacter("60003734")).isEqualTo('1');
    }

    @Test
    void completeBuildsValidCodes() {
        String code = CreditCode.complete("9", "1", "410305", "MA3X7K2P");
        assertThat(code).hasSize(18).startsWith("91410305MA3X7K2P");
        assertThat(CreditCode.isValid(code)).isTrue();
    }

    @Test
    void problemsSayWhatIsWrong() {
        assertThat(CreditCode.problem("91110000600037341M")).hasValue("check character is 'M', GB 32100 gives 'L'");
        assertThat(CreditCode.problem("9111000060003734")).hasValue("has 16 characters, a credit code has 18");
        assertThat(CreditCode.problem("91110000600037341I").orElseThrow()).contains("'I' at position 18 is not allowed");
        assertThat(CreditCode.problem("91AB0000600037341L")).hasValue("positions 3-8 must be a 6-digit region code");
        assertThat(CreditCode.problem("")).hasValue("is empty");
    }

    @Test
    void maskKeepsOnlyTheRegionPart() {
        assertThat(CreditCode.mask("91110000600037341L")).isEqualTo("91110000**********");
        assertThat(CreditCode.mask(null)).isEqualTo("null");
    }

    @Test
    void rejectsCharactersOutsideTheAlphabet() {
        assertThatThrownBy(() -> CreditCode.checkCharacter("9111000060003734O"))
                .hasMessageContaining("'O' at position 17");
    }
}
