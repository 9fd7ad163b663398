// The real Windows registry (compiled only on _WIN32). Strings are UTF-8 outside, UTF-16 inside.
#ifdef _WIN32
#include <windows.h>

#include <stdexcept>
#include <vector>

#include "recessive/installer/registry.h"

namespace recessive::installer {

namespace {

std::wstring widen(const std::string& s) {
  if (s.empty()) return {};
  int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring w(static_cast<size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), w.data(), n);
  return w;
}

std::string narrow(const std::wstring& w) {
  if (w.empty()) return {};
  int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr, nullptr);
  std::string s(static_cast<size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), s.data(), n, nullptr, nullptr);
  return s;
}

HKEY root(Hive h) { return h == Hive::current_user ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE; }

class WindowsRegistry : public Registry {
 public:
  std::optional<std::string> default_value(Hive hive, const std::string& key) const override {
    DWORD bytes = 0;
    const std::wstring k = widen(key);
    LONG rc = RegGetValueW(root(hive), k.c_str(), nullptr, RRF_RT_REG_SZ, nullptr, nullptr, &bytes);
    if (rc != ERROR_SUCCESS) return std::nullopt;
    std::vector<wchar_t> buf(bytes / sizeof(wchar_t) + 1, L'\0');
    rc = RegGetValueW(root(hive), k.c_str(), nullptr, RRF_RT_REG_SZ, nullptr, buf.data(), &bytes);
    if (rc != ERROR_SUCCESS) return std::nullopt;
    return narrow(std::wstring(buf.data()));
  }

  void set_default_value(Hive hive, const std::string& key, const std::string& value) override {
    HKEY h = nullptr;
    const std::wstring k = widen(key), v = widen(value);
    if (RegCreateKeyExW(root(hive), k.c_str(), 0, nullptr, 0, KEY_SET_VALUE, nullptr, &h, nullptr) != ERROR_SUCCESS)
      throw std::runtime_error("cannot create registry key " + to_string(hive) + "\\" + key);
    LONG rc = RegSetValueExW(h, nullptr, 0, REG_SZ, reinterpret_cast<const BYTE*>(v.c_str()),
                             static_cast<DWORD>((v.size() + 1) * sizeof(wchar_t)));
    RegCloseKey(h);
    if (rc != ERROR_SUCCESS) throw std::runtime_error("cannot set registry key " + to_string(hive) + "\\" + key);
  }

  bool remove_key(Hive hive, const std::string& key) override {
    LONG rc = RegDeleteKeyW(root(hive), widen(key).c_str());
    if (rc == ERROR_FILE_NOT_FOUND) return false;
    if (rc != ERROR_SUCCESS) throw std::runtime_error("cannot delete registry key " + to_string(hive) + "\\" + key);
    return true;
  }
};

}  // namespace

std::unique_ptr<Registry> make_windows_registry() { return std::make_unique<WindowsRegistry>(); }

}  // namespace recessive::installer
#endif
