package io.vigil.detect.intel;

import java.util.ArrayList;
import java.util.List;

/** Finds the absolute URLs ({@code scheme://host…}) written in a command line, as {@code curl} or {@code wget} take them. */
final class CommandLineUrls {
  /** Bounds the work on a pathological command line; real ones name a few URLs at most. */
  static final int MAX_URLS = 16;
  private static final String DELIMITERS = "'\"`<>|;&(){}\\";

  private CommandLineUrls() {}

  /** The URLs in {@code commandLine}, in order, at most {@value #MAX_URLS}. */
  static List<UrlForm> find(String commandLine) {
    if (commandLine.indexOf("://") < 0) {
      return List.of(); // most command lines name no URL
    }
    List<UrlForm> urls = new ArrayList<>(1);
    int from = 0;
    int mark;
    while (urls.size() < MAX_URLS && (mark = commandLine.indexOf("://", from)) > 0) {
      int start = mark;
      while (start > 0 && schemeChar(commandLine.charAt(start - 1))) {
        start--;
      }
      int end = mark + 3;
      while (end < commandLine.length() && commandLine.charAt(end) > ' ' && DELIMITERS.indexOf(commandLine.charAt(end)) < 0) {
        end++;
      }
      if (start < mark) {
        UrlForm url = UrlForm.parse(commandLine.substring(start, end));
        if (url != null) {
          urls.add(url);
        }
      }
      from = end;
    }
    return urls;
  }

  private static boolean schemeChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.';
  }
}
