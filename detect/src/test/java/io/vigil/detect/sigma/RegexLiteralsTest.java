package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
      "colou?r-profile~colour-profile,color-profile",
      "ab*cdef~cdef",
      "wget(\\s+-\\w+)*\\s+http~wget",
      "foo|bar~foo,bar",
      "foo|ba~NONE",
      "(foo|bar)baz+qux~foobaz,barbaz",
      "/(?:ba|da|z|k)?sh$~/bash,/dash,/zsh,/ksh,/sh",
      "(?i)/(?:mirai|tsunami|okiru)[^/]*$~mirai,unami,iru",
      "(?i)mirai~mirai",
      "(?iu)mirai~NONE",
      "\\s(?:-o|-O|--output)\\s*\\S~NONE",
      "[\\x00-\\x08\\x0E-\\x1F\\x7F]~NONE",
      "^\\S*\\s+(?:-\\S+\\s+)*\\S+\\.(?:py|pl|rb|php|js)(?:\\s|$)~.py,.pl,.rb,.php,.js",
      "python[23]?(?=x)~python",
      "(?:python[23]|perl5)(?=x)~python2,python3,perl5",
      "(?<name>abc)(?!def)\\1~abc",
      "a{2}bcd~bcd",
      "\\x41\\x42CDEF~cdef",
      "\\p{Alpha}{3}[a-z]\\u0041BCDE~bcde",
      "nc\\s+-e\\s+/bin/(ba)?sh~/bin/",
      "^/usr/bin/python[23]?$~/usr/bin/python",
      "x{0,3}yyyy~yyyy",
      "(?x) a b c d~NONE",
      "\\Qa.b.c\\E~NONE",
      "ab~NONE"})
  void theLiteralsAreTheMostSelectiveSafeSet(String regex, String literals) {
    List<String> found = RegexLiterals.alternatives(Pattern.compile(regex));
    assertThat(found == null ? null : String.join(",", found)).isEqualTo(literals == null ? null : literals.toLowerCase(Locale.ROOT));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '~', value = {
      "(?i)xmrig~XMRIG --donate-level 1",
      "(?i)miner-sk~MINER-ſK",
      "stratum\\+tcp://~./x -o stratum+tcp://pool:3333",
      "/tmp/\\.cache/xmri?g~run /tmp/.cache/xmrg now",
      "(?i)/(?:mirai|tsunami)[^/]*$~/usr/TSUNAMI.arm",
      "(?iu)/(?:mirai|tsunami)[^/]*$~/tmp/MıRAI",
      "/(?:ba|da|z|k)?sh$~/usr/bin/zsh",
      "(?i)TCP(?:4|6)?:[^,\\s]+:\\d+~socat TCP4:1.2.3.4:80"})
  void everyMatchContainsTheLiteralLowerCased(String regex, String matching) {
    Pattern p = Pattern.compile(regex, regex.startsWith("(?i)") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    // Every match contains one of the literals, lower-cased (or there are none).
    List<String> literals = RegexLiterals.alternatives(p);
    assertThat(p.matcher(matching).find()).as("the sample matches").isTrue();
    if (literals != null) {
      assertThat(literals).anyMatch(matching.toLowerCase(Locale.ROOT)::contains);
    }
  }
}
