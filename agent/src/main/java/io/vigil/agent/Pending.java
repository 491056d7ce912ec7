package io.vigil.agent;

import io.vigil.model.event.SecurityEvent;

/** A collected event waiting to be sent, with the collector it came from (for its counters). */
record Pending(ScheduledCollector source, SecurityEvent event) {}
