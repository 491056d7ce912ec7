package io.vigil.model.event;

import java.util.List;

/**
 * One event of a security message: a header plus a payload of one or more items of the same kind.
 *
 * <p>Consumers switch exhaustively over the permitted records. Every payload item carries {@code
 * extraDetails}, a string map for details the schema has no field for.
 */
public sealed interface SecurityEvent
    permits ProcessCreate,
        ProcessTerminate,
        ConnectionCreate,
        Login,
        ListeningPorts,
        FirewallConfiguration,
        LocalUsers,
        ConnectedHardware,
        OSBaseline,
        SystemInformation,
        Diagnostic,
        ConfigurationError,
        DroppedEventsStatistics,
        MessageStatistics,
        Sbom,
        KernelModule,
        FileIntegrity,
        Peripheral,
        Heartbeat,
        HubOperation,
        AgentStatistics {

  EventHeader header();

  /** The payload items; empty only for a periodic snapshot that found nothing. */
  List<? extends Record> payload();

  /** What kind of event this is; fixes its name, category and type. */
  EventKind kind();
}
