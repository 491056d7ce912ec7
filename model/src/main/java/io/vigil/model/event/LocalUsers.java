package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;
import java.util.Map;

/** A snapshot of local users and their groups. */
public record LocalUsers(EventHeader header, List<User> payload) implements SecurityEvent {
  public LocalUsers {
    payload = Payloads.of(EventKind.LOCAL_USERS, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.LOCAL_USERS;
  }

  /**
   * One user.
   *
   * @param groupIds ';'-separated group ids
   * @param groupNames ';'-separated group names
   */
  public record User(String groupIds, String groupNames, String userId, String userName, Map<String, String> extraDetails) {
    public User {
      Require.present(groupIds, "GroupIds");
      Require.present(groupNames, "GroupNames");
      Require.present(userId, "UserId");
      Require.present(userName, "UserName");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
