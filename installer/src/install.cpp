#include "recessive/installer/install.h"

#include <algorithm>
#include <stdexcept>
#include <system_error>

#include "recessive/installer/file_store.h"
#include "recessive/installer/install_record.h"

namespace fs = std::filesystem;

namespace recessive::installer {

namespace {

// Performs (or, in a dry run, describes) each write, skipping those already in place, and records them.
class Writer {
 public:
  Writer(bool dry_run, std::ostream& out, InstallRecord& record) : dry_(dry_run), out_(out), record_(record) {}

  void make_dirs(const fs::path& dir) {
    std::vector<fs::path> missing;
    for (fs::path p = dir; !p.empty() && !path_exists(p); p = p.parent_path()) {
      missing.push_back(p);
      if (p == p.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      if (std::find(planned_dirs_.begin(), planned_dirs_.end(), *it) != planned_dirs_.end()) continue;
      out_ << (dry_ ? "  would create " : "  created   ") << it->string() << "\n";
      ++changes;
      if (dry_) {
        planned_dirs_.push_back(*it);
      } else {
        fs::create_directory(*it);
        record_.add_dir(it->string());
      }
    }
  }

  void put_file(const fs::path& p, const std::string& content, bool executable, const std::string& role) {
    make_dirs(p.parent_path());
    bool changed;
    if (dry_) {
      auto existing = read_file(p);
      changed = !existing || *existing != content || (executable && !is_executable_file(p));
    } else {
      changed = write_if_changed(p, content, executable);
      record_.add_file({p.string(), text_digest(content), role});
    }
    if (changed) ++changes;
    out_ << (changed ? (dry_ ? "  would write " : "  wrote     ") : "  unchanged ") << p.string() << "\n";
  }

  void put_key(Registry* registry, Hive hive, const std::string& key, const std::string& value) {
    if (!registry) throw std::runtime_error("no registry to write " + key + " to");
    const std::string name = to_string(hive) + "\\" + key;
    const bool changed = registry->default_value(hive, key) != value;
    if (changed) {
      ++changes;
      if (!dry_) registry->set_default_value(hive, key, value);
    }
    if (!dry_) record_.add_key({hive, key, value});
    out_ << (changed ? (dry_ ? "  would set " : "  set       ") : "  unchanged ") << name << " = " << value << "\n";
  }

  int changes = 0;

 private:
  bool dry_;
  std::ostream& out_;
  InstallRecord& record_;
  std::vector<fs::path> planned_dirs_;
};

std::vector<fs::path> model_files(const fs::path& dir) {
  std::vector<fs::path> models;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".pt") models.push_back(e.path());
  std::sort(models.begin(), models.end());
  return models;
}

}  // namespace

InstallSummary install(const Environment& env, const InstallOptions& o, std::ostream& out) {
  InstallSummary s;
  s.layout = make_layout(env, o.scope, o.prefix);
  s.targets = resolve_targets(env, o.scope, s.layout, o.targets);
  if (!is_executable_file(o.host_source))
    throw std::invalid_argument("host binary " + o.host_source.string() +
                                " not found or not executable: build it first (cmake --build BUILD --target recessive-host) or pass --host-binary");
  const auto models = model_files(o.models_source);
  if (std::none_of(models.begin(), models.end(), [](const fs::path& p) { return p.filename() == "dsh-48.pt"; }))
    throw std::invalid_argument("no dsh-48.pt in " + o.models_source.string() + " (pass --models-dir)");
  if (o.allowed.chromium_ids.empty() && o.allowed.firefox_ids.empty())
    throw std::invalid_argument("no extension ids to allow");
  for (const auto& id : o.allowed.chromium_ids)
    if (!valid_chromium_id(id)) throw std::invalid_argument("\"" + id + "\" is not a Chromium extension id (32 letters a-p)");
  if (env.platform == Platform::windows && !env.registry) throw std::invalid_argument("no registry to register with");

  InstallRecord record = InstallRecord::load(s.layout.record_path);
  Writer w(o.dry_run, out, record);
  auto save_record = [&] {
    if (!o.dry_run && !record.empty()) {
      fs::create_directories(s.layout.record_path.parent_path());
      if (write_if_changed(s.layout.record_path, record.text(), false)) ++w.changes;
    }
  };
  try {
    out << (o.dry_run ? "Would install into " : "Installing into ") << s.layout.lib_dir.string() << "\n";
    auto read = [](const fs::path& p) {
      auto bytes = read_file(p);
      if (!bytes) throw std::runtime_error("cannot read " + p.string());
      return *bytes;
    };
    w.put_file(s.layout.host_path, read(o.host_source), true, "host");
    for (const auto& m : models) w.put_file(s.layout.models_dir / m.filename(), read(m), false, "model");
    if (!o.installer_source.empty() && path_exists(o.installer_source) &&
        fs::absolute(o.installer_source).lexically_normal() != s.layout.installer_path.lexically_normal())
      w.put_file(s.layout.installer_path, read(o.installer_source), true, "installer");

    if (s.targets.empty())
      out << "No browser found: pass --browser NAME (" << browser_ids() << ") or --user-data-dir DIR.\n";
    for (const auto& t : s.targets) {
      out << t.label << ":\n";
      const std::string text = manifest_text(make_manifest(t.family, s.layout.host_path.string(), o.allowed));
      w.put_file(t.manifest_path, text, false, "manifest:" + t.browser);
      if (t.registry_key) w.put_key(env.registry, t.hive, *t.registry_key, t.manifest_path.string());
    }
  } catch (...) {
    save_record();
    throw;
  }
  save_record();
  s.changes = w.changes;
  if (o.dry_run) out << "Dry run: " << s.changes << " change(s) would be made.\n";
  else if (s.changes == 0) out << "Already installed; nothing changed.\n";
  else out << "Done. Record: " << s.layout.record_path.string() << "\n";
  return s;
}

UninstallSummary uninstall(const Environment& env, const Layout& layout, bool dry_run, std::ostream& out) {
  UninstallSummary s;
  if (!path_exists(layout.record_path)) {
    out << "No install record at " << layout.record_path.string() << ": nothing to remove.\n";
    return s;
  }
  const InstallRecord record = InstallRecord::load(layout.record_path);
  const char* removing = dry_run ? "  would remove " : "  removed   ";
  for (const auto& f : record.files) {
    if (!path_exists(f.path)) continue;
    if (file_digest(f.path) != f.digest) {
      out << "  kept      " << f.path << " (changed since install)\n";
      ++s.kept;
      continue;
    }
    std::error_code ec;
    if (!dry_run) fs::remove(f.path, ec);
    if (ec) {
      out << "  kept      " << f.path << " (" << ec.message() << ")\n";
      ++s.kept;
    } else {
      out << removing << f.path << "\n";
      ++s.removed;
    }
  }
  for (const auto& k : record.registry_keys) {
    const std::string name = to_string(k.hive) + "\\" + k.key;
    if (!env.registry) throw std::runtime_error("no registry to remove " + name + " from");
    auto value = env.registry->default_value(k.hive, k.key);
    if (!value) continue;
    if (*value != k.value) {
      out << "  kept      " << name << " (now points to " << *value << ")\n";
      ++s.kept;
      continue;
    }
    if (!dry_run) env.registry->remove_key(k.hive, k.key);
    out << removing << name << "\n";
    ++s.removed;
  }
  std::error_code ec;
  if (!dry_run) fs::remove(layout.record_path, ec);
  out << removing << layout.record_path.string() << "\n";
  // Deepest folders first, each only when empty (a user's own files keep theirs).
  std::vector<fs::path> dirs(record.created_dirs.begin(), record.created_dirs.end());
  auto depth = [](const fs::path& p) { return std::distance(p.begin(), p.end()); };
  std::sort(dirs.begin(), dirs.end(), [&](const fs::path& a, const fs::path& b) { return depth(a) > depth(b); });
  for (const auto& d : dirs) {
    if (!path_exists(d)) continue;
    if (dry_run) {
      out << "  would remove " << d.string() << " (if empty)\n";
      continue;
    }
    if (fs::is_directory(d, ec) && fs::is_empty(d, ec) && fs::remove(d, ec)) {
      out << removing << d.string() << "\n";
      ++s.removed;
    } else {
      out << "  kept      " << d.string() << " (not empty)\n";
      ++s.kept;
    }
  }
  out << (dry_run ? "Dry run: nothing removed.\n" : "Uninstalled.\n");
  return s;
}

}  // namespace recessive::installer
