package io.vigil.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DateTimesTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "2018-08-10T11:01:21.000+01:00 | 2018-08-10T11:01:21+01:00",
    "2018-10-09 13:22:50Z          | 2018-10-09T13:22:50Z",
    "2018-10-09t13:22:50z          | 2018-10-09T13:22:50Z",
    "2018-10-09T13:22:50.1234567891-05:30 | 2018-10-09T13:22:50.123456789-05:30",
    "2024-02-29T00:00:00-00:00     | 2024-02-29T00:00:00Z",
    "2016-12-31T23:59:60Z          | 2016-12-31T23:59:59Z",
    "2017-01-01T05:29:60+05:30     | 2017-01-01T05:29:59+05:30",
    "0000-01-01T00:00:00Z          | 0000-01-01T00:00:00Z",
  })
  void readsRfc3339WithTOrASpace(String text, String expected) {
    assertThat(DateTimes.parse(text)).contains(OffsetDateTime.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "yesterday", "", "2018-08-10", "2018-08-10T11:01:21", "2018-08-10T11:01:21+0100", "2018-08-10T11:01:21+01",
    "2018-08-10_11:01:21Z", "2018-08-10  11:01:21Z", "2018-13-10T11:01:21Z", "2023-02-29T11:01:21Z", "2018-04-31T11:01:21Z",
    "2018-08-10T24:00:00Z", "2018-08-10T11:60:00Z", "2018-08-10T12:59:60Z", "2018-08-10T11:01:21.Z", "2018-08-10T11:01:21Z ",
    "2018-08-10T11:01:21+19:00", "2018-08-10T11:01:21+01:60", "+2018-08-10T11:01:21Z", "2018-08-1OT11:01:21Z",
    "２018-08-10T11:01:21Z",
  })
  void refusesWhatIsNotRfc3339(String text) {
    assertThat(DateTimes.parse(text)).isEmpty();
  }

  @Test
  void writesWithTAndTheShortestExactFraction() {
    assertThat(DateTimes.format(Instant.parse("2026-03-01T08:00:00Z"))).isEqualTo("2026-03-01T08:00:00Z");
    assertThat(DateTimes.format(Instant.parse("2026-03-01T08:00:00.120Z"))).isEqualTo("2026-03-01T08:00:00.120Z");
    assertThat(DateTimes.format(Instant.parse("2026-03-01T08:00:00.000120Z"))).isEqualTo("2026-03-01T08:00:00.000120Z");
    assertThat(DateTimes.format(Instant.parse("2026-03-01T08:00:00.000000001Z"))).isEqualTo("2026-03-01T08:00:00.000000001Z");
    assertThat(DateTimes.format(OffsetDateTime.parse("0042-03-01T08:00:00-09:30"))).isEqualTo("0042-03-01T08:00:00-09:30");
  }

  @Test
  void refusesToWriteWhatRfc3339CannotHold() {
    assertThatThrownBy(() -> DateTimes.format(Instant.parse("+10000-01-01T00:00:00Z")))
        .hasMessage("+10000-01-01T00:00Z is outside the years 0000-9999 that RFC 3339 can write");
    assertThatThrownBy(() -> DateTimes.format(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(0, 19, 32))))
        .hasMessage("2026-01-01T00:00+00:19:32 has an offset with seconds, which RFC 3339 cannot write");
  }
}
