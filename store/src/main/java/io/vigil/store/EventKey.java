package io.vigil.store;

/** What identifies a stored event: the device that sent it and the event's id. */
public record EventKey(String deviceId, String eventId) {}
