package io.vigil.store;

import java.util.List;

/** The workspace tables, named so that Log Analytics users feel at home. */
final class Schema {
  private Schema() {}

  static final List<String> DDL = List.of(
      """
      CREATE TABLE IF NOT EXISTS SecurityIoTRawEvent (
        TimeGenerated TIMESTAMPTZ NOT NULL,
        DeviceId VARCHAR NOT NULL,
        SecurityGroup VARCHAR NOT NULL,
        AgentId VARCHAR NOT NULL,
        AgentVersion VARCHAR NOT NULL,
        RawEventCategory VARCHAR NOT NULL,
        RawEventName VARCHAR NOT NULL,
        RawEventType VARCHAR NOT NULL,
        IsEmpty BOOLEAN NOT NULL,
        EventId VARCHAR NOT NULL,
        TimeStamp TIMESTAMPTZ NOT NULL,
        PayloadIndex INTEGER NOT NULL,
        EventDetails JSON NOT NULL)""",
      // Held every event id ever stored, for recognising retries; that is now RecentEvents' window in memory.
      "DROP TABLE IF EXISTS IngestedEvent",
      """
      CREATE TABLE IF NOT EXISTS HubOperation (
        TimeGenerated TIMESTAMPTZ NOT NULL,
        DeviceId VARCHAR NOT NULL,
        Operation VARCHAR NOT NULL,
        Result VARCHAR NOT NULL,
        Protocol VARCHAR,
        SourceIp VARCHAR,
        Details JSON NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS SecurityAlert (
        SystemAlertId VARCHAR NOT NULL,
        TimeGenerated TIMESTAMPTZ NOT NULL,
        AlertName VARCHAR NOT NULL,
        DisplayName VARCHAR NOT NULL,
        AlertSeverity VARCHAR NOT NULL,
        Description VARCHAR NOT NULL,
        RemediationSteps VARCHAR NOT NULL,
        DeviceId VARCHAR NOT NULL,
        Entities JSON NOT NULL,
        ExtendedProperties JSON NOT NULL,
        Status VARCHAR NOT NULL,
        Count BIGINT NOT NULL,
        FirstSeen TIMESTAMPTZ NOT NULL,
        LastSeen TIMESTAMPTZ NOT NULL,
        RuleId VARCHAR NOT NULL,
        Tactics JSON NOT NULL,
        Techniques JSON NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS AlertStatusChange (
        TimeGenerated TIMESTAMPTZ NOT NULL,
        SystemAlertId VARCHAR NOT NULL,
        DeviceId VARCHAR NOT NULL,
        OldStatus VARCHAR NOT NULL,
        NewStatus VARCHAR NOT NULL,
        Actor VARCHAR NOT NULL,
        Comment VARCHAR NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS SecurityRecommendation (
        RecommendationId VARCHAR PRIMARY KEY,
        DeviceId VARCHAR NOT NULL,
        RecommendationName VARCHAR NOT NULL,
        RecommendationDisplayName VARCHAR NOT NULL,
        RecommendationSeverity VARCHAR NOT NULL,
        RecommendationState VARCHAR NOT NULL,
        Description VARCHAR NOT NULL,
        RemediationSteps VARCHAR NOT NULL,
        AdditionalData JSON NOT NULL,
        DiscoveredTimeUTC TIMESTAMPTZ NOT NULL,
        ResolvedTimeUTC TIMESTAMPTZ)""");
}
