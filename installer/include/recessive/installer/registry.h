// The slice of the Windows registry the installer needs: a key's default (unnamed) string value under
// HKCU or HKLM. An interface so the Windows logic runs against MemoryRegistry in tests on any OS; the real
// implementation (make_windows_registry) exists only on _WIN32. Implementations are not thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace recessive::installer {

enum class Hive { current_user, local_machine };
std::string to_string(Hive h);  // "HKCU" / "HKLM"

class Registry {
 public:
  virtual ~Registry() = default;
  // The default value of `key` (e.g. "Software\\Google\\Chrome\\NativeMessagingHosts\\org.recessive.host"),
  // nullopt when the key or its default value does not exist.
  virtual std::optional<std::string> default_value(Hive hive, const std::string& key) const = 0;
  // Creates the key (and its parents) as needed and sets its default value. Throws on failure.
  virtual void set_default_value(Hive hive, const std::string& key, const std::string& value) = 0;
  // Deletes the key (it must have no subkeys); false when it did not exist. Throws on other failures.
  virtual bool remove_key(Hive hive, const std::string& key) = 0;
};

// An in-memory registry; key names compare case-insensitively, as Windows does.
class MemoryRegistry : public Registry {
 public:
  std::optional<std::string> default_value(Hive hive, const std::string& key) const override;
  void set_default_value(Hive hive, const std::string& key, const std::string& value) override;
  bool remove_key(Hive hive, const std::string& key) override;
  size_t size() const { return values_.size(); }

 private:
  std::map<std::pair<Hive, std::string>, std::string> values_;
};

#ifdef _WIN32
std::unique_ptr<Registry> make_windows_registry();
#endif

}  // namespace recessive::installer
