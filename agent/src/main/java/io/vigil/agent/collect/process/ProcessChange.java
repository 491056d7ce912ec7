package io.vigil.agent.collect.process;

import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import java.time.Instant;

/** A process start or exit as a source saw it, waiting in the {@link ChangeBuffer} for collect(). */
sealed interface ProcessChange {
  /** When the source saw it. */
  Instant at();

  record Started(Instant at, ProcessCreate.Process process) implements ProcessChange {}

  record Exited(Instant at, ProcessTerminate.Process process) implements ProcessChange {}
}
