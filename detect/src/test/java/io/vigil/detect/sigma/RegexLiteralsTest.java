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
      "(?iU)mirai~NONE",
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

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '~', value = {
      "[\\x00-\\x08\\x0E-\\x1F\\x7F]~o\u0001k~true",
      "[\\x00-\\x08\\x0E-\\x1F\\x7F]~plain text~false",
      "[\\x00-\\x08\\x0E-\\x1F\\x7F]~caf\u00e9 \u007f!~true",
      "[^a-z ]~abc def~false",
      "[^a-z ]~abc d\u00e9f~true",
      "[]x]~a]b~true",
      "(?i)[A-C]~xyzb~true"})
  void aOneClassExpressionIsATableThatAgreesWithTheExpression(String regex, String value, boolean matches) {
    Pattern p = Pattern.compile(regex);
    ValueMatcher.Regex m = new ValueMatcher.Regex(p);
    assertThat(p.matcher(value).find()).isEqualTo(matches);
    assertThat(m.test(value, value.toLowerCase(Locale.ROOT))).isEqualTo(matches);
    assertThat(RegexLiterals.singleClass(p)).as("a table unless inline flags").matches(t -> regex.startsWith("(?") == (t == null));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '~', value = {
      "[ab]c~NONE",
      "[ab]+~NONE",
      "[a[b]]~NONE",
      "a[bc]~NONE"})
  void onlyALoneClassIsATable(String regex, String none) {
    assertThat(RegexLiterals.singleClass(Pattern.compile(regex))).isNull();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '~', value = {
      "\\s(?:-T|--upload-file|-F|-d)\\s*\\S*@?~curl -T x.bin ftp://h/~true",
      "\\s(?:-T|--upload-file|-F|-d)\\s*\\S*@?~curl -s https://h/v1~false",
      "\\s(?:-T|--upload-file|-F|-d)\\s*\\S*@?~curl --UPLOAD-FILE x~false",
      "(?i)\\s(?:-T|--upload-file|-F|-d)\\s*\\S*@?~curl --UPLOAD-FILE x~true"})
  void shortLiteralsSkipTheExpressionOnlyWhereItCannotMatch(String regex, String value, boolean matches) {
    Pattern p = Pattern.compile(regex);
    assertThat(RegexLiterals.alternatives(p)).as("too short to index").isNull();
    assertThat(RegexLiterals.alternatives(p, 2)).isNotNull();
    assertThat(new ValueMatcher.Regex(p).test(value, value.toLowerCase(Locale.ROOT))).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '~', value = {
      "^\\S*\\s+(?:-\\S+\\s+)*\\S+\\.(?:py|pl)(?:\\s|$)~true",
      "^abc|def~false",
      "^(?:abc|def)~true",
      "(?m)^abc~false",
      "^(?m)abc~false",
      "^a(?i:b)~false",
      "abc~false",
      "^[|]x~true",
      "^a\\|b~true"})
  void anExpressionAnchoredAtTheStartIsTriedThereOnly(String regex, boolean anchored) {
    Pattern p = Pattern.compile(regex);
    assertThat(RegexLiterals.anchoredAtStart(p)).isEqualTo(anchored);
    for (String value : List.of("sh -x run.py", "x sh run.py", "abc", "xdef", "def", "x\nabc", "|x", "a|b", "za|b")) {
      assertThat(new ValueMatcher.Regex(p).test(value, value.toLowerCase(Locale.ROOT))).as(value).isEqualTo(p.matcher(value).find());
    }
  }
}
