package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegexLiteralsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', nullValues = "NONE", value = {
      "stratum\\+tcp://~stratum+tcp://",
      "bash -i >& /dev/tcp/[0-9.]+/\\d+~bash -i >& /dev/tcp/",
      "gen[0-9]+-123\\b~-123",
      "(?i)xmrig~xmrig",
      "/tmp/\\.cache/xmri?g~/tmp/.cache/xmr",
      "colou?r-profile~r-profile",
      "ab*cdef~cdef",
      "wget(\\s+-\\w+)*\\s+http~wget",
      "foo|bar~NONE",
      "(foo|bar)baz+qux~baz",
      "\\x41\\x42CDEF~cdef",
      "\\p{Alpha}{3}[a-z]\\u0041BCDE~bcde",
      "nc\\s+-e\\s+/bin/(ba)?sh~/bin/",
      "^/usr/bin/python[23]?$~/usr/bin/python",
      "x{0,3}yyyy~yyyy",
      "(?x) a b c d~NONE",
      "\\Qa.b.c\\E~NONE",
      "ab~NONE"})
  void theRequiredLiteralIsTheLongestSafeRun(String regex, String literal) {
    assertThat(RegexLiterals.required(Pattern.compile(regex))).isEqualTo(literal == null ? null : literal.toLowerCase(Locale.ROOT));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '~', value = {
      "(?i)xmrig~XMRIG --donate-level 1",
      "(?i)miner-sk~MINER-ſK",
      "stratum\\+tcp://~./x -o stratum+tcp://pool:3333",
      "/tmp/\\.cache/xmri?g~run /tmp/.cache/xmrg now"})
  void everyMatchContainsTheLiteralLowerCased(String regex, String matching) {
    Pattern p = Pattern.compile(regex, regex.startsWith("(?i)") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    String literal = RegexLiterals.required(p);
    assertThat(p.matcher(matching).find()).as("the sample matches").isTrue();
    assertThat(literal).isNotNull();
    assertThat(matching.toLowerCase(Locale.ROOT)).contains(literal);
  }
}
