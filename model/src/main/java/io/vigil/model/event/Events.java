package io.vigil.model.event;

import java.util.Objects;
import java.util.UUID;

/** Operations over any security event. */
public final class Events {
  private Events() {}

  /**
   * Payload items {@code from} (inclusive) to {@code to} (exclusive) of {@code e} as an event of
   * its own: same kind and timestamps, a fresh id (so that the server's de-duplication by id keeps
   * both halves of a split event).
   *
   * @throws IndexOutOfBoundsException if the range is not within the payload
   * @throws IllegalArgumentException if the range is empty and {@code e} is a triggered event
   */
  public static SecurityEvent slice(SecurityEvent e, int from, int to) {
    Objects.checkFromToIndex(from, to, e.payload().size());
    EventHeader h = new EventHeader(UUID.randomUUID().toString(), e.header().timestampUtc(), e.header().timestampLocal());
    return switch (e) {
      case ProcessCreate x -> new ProcessCreate(h, x.payload().subList(from, to));
      case ProcessTerminate x -> new ProcessTerminate(h, x.payload().subList(from, to));
      case ConnectionCreate x -> new ConnectionCreate(h, x.payload().subList(from, to));
      case Login x -> new Login(h, x.payload().subList(from, to));
      case ListeningPorts x -> new ListeningPorts(h, x.payload().subList(from, to));
      case FirewallConfiguration x -> new FirewallConfiguration(h, x.payload().subList(from, to));
      case LocalUsers x -> new LocalUsers(h, x.payload().subList(from, to));
      case ConnectedHardware x -> new ConnectedHardware(h, x.payload().subList(from, to));
      case OSBaseline x -> new OSBaseline(h, x.payload().subList(from, to));
      case SystemInformation x -> new SystemInformation(h, x.payload().subList(from, to));
      case Diagnostic x -> new Diagnostic(h, x.payload().subList(from, to));
      case ConfigurationError x -> new ConfigurationError(h, x.payload().subList(from, to));
      case DroppedEventsStatistics x -> new DroppedEventsStatistics(h, x.payload().subList(from, to));
      case MessageStatistics x -> new MessageStatistics(h, x.payload().subList(from, to));
      case Sbom x -> new Sbom(h, x.payload().subList(from, to));
      case KernelModule x -> new KernelModule(h, x.payload().subList(from, to));
      case FileIntegrity x -> new FileIntegrity(h, x.payload().subList(from, to));
      case Peripheral x -> new Peripheral(h, x.payload().subList(from, to));
      case Heartbeat x -> new Heartbeat(h, x.payload().subList(from, to));
      case HubOperation x -> new HubOperation(h, x.payload().subList(from, to));
      case AgentStatistics x -> new AgentStatistics(h, x.payload().subList(from, to));
    };
  }
}
