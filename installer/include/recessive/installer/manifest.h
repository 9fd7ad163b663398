// Native-messaging host manifests: builds the JSON a browser family reads and checks one read back.
// Pure functions over nlohmann::json; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "recessive/installer/browser.h"

namespace recessive::installer {

inline constexpr const char* kHostName = "org.recessive.host";
inline constexpr const char* kDefaultChromiumExtensionId = "legdnbeebchgmjiblfjmajifpkhlofck";
inline constexpr const char* kDefaultFirefoxAddonId = "recessive@recessive.org";

struct Allowed {
  std::vector<std::string> chromium_ids;  // extension ids; origins are chrome-extension://ID/
  std::vector<std::string> firefox_ids;   // add-on ids
};

std::string chromium_origin(const std::string& extension_id);

// The manifest for a family: name, description, absolute host path, type stdio, and allowed_origins
// (Chromium) or allowed_extensions (Firefox).
nlohmann::json make_manifest(Family family, const std::string& host_path, const Allowed& allowed);
// Serialised as written to disk: 2-space indent, trailing newline (stable, so reinstall compares equal).
std::string manifest_text(const nlohmann::json& manifest);

// Problems found in a manifest read back (empty = valid): wrong name/type, relative path, missing or
// non-matching origins. Every expected origin/id must be listed.
std::vector<std::string> manifest_problems(const nlohmann::json& manifest, Family family, const Allowed& expected);

// A Chromium extension id is 32 letters a-p; a Firefox id is an email-like or {GUID} string.
bool valid_chromium_id(const std::string& id);

}  // namespace recessive::installer
