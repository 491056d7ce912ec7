package io.vigil.detect.sigma;

import java.util.List;

/**
 * What a loaded rule says about itself: identity, metadata and Vigil's custom fields. The
 * compiled matcher stays inside the {@link RuleSet}.
 *
 * @param id the rule's {@code id}; else its {@code name}; else the file name (with {@code #n} for the n-th document)
 * @param name the rule's {@code name}, by which correlation rules may refer to it; null when none
 * @param title the rule's {@code title}
 * @param description null when none
 * @param level {@code informational}, {@code low}, {@code medium}, {@code high} or {@code critical}; null when none
 * @param status null when none
 * @param tags the rule's {@code tags}, for example {@code attack.execution}, {@code attack.t1059.004}
 * @param logsource the logsource of a detection rule; null for a correlation rule
 * @param correlationType {@code event_count}, {@code value_count}, {@code temporal} or {@code temporal_ordered}; null for a detection rule
 * @param alertName {@code vigil.alertName}: the AlertName its alerts carry; null when not given
 * @param remediation {@code vigil.remediation}: the remediation steps its alerts carry; null when not given
 * @param source the file it came from
 * @param line the line its document starts on
 */
public record SigmaRule(
    String id,
    String name,
    String title,
    String description,
    String level,
    String status,
    List<String> tags,
    Logsource logsource,
    String correlationType,
    String alertName,
    String remediation,
    String source,
    int line) {
  public SigmaRule {
    tags = List.copyOf(tags);
  }

  public boolean isCorrelation() {
    return correlationType != null;
  }
}
