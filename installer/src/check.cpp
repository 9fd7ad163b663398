#include "recessive/installer/check.h"

#include <map>
#include <system_error>

#include "recessive/installer/file_store.h"
#include "recessive/installer/host_probe.h"
#include "recessive/installer/sandboxed_browsers.h"

namespace fs = std::filesystem;

namespace recessive::installer {

namespace {

std::vector<std::string> probe_args(const Target& t, const Allowed& allowed) {
  if (t.family == Family::chromium)
    return {chromium_origin(allowed.chromium_ids.empty() ? kDefaultChromiumExtensionId : allowed.chromium_ids.front())};
  return {t.manifest_path.string(), allowed.firefox_ids.empty() ? kDefaultFirefoxAddonId : allowed.firefox_ids.front()};
}

}  // namespace

CheckReport check(const Environment& env, const CheckOptions& o, std::ostream& out) {
  CheckReport report;
  const Layout layout = make_layout(env, o.scope, o.prefix);
  const auto targets = resolve_targets(env, o.scope, layout, o.targets);
  std::map<std::string, ProbeResult> probes;  // one launch per host path and family

  for (const auto& t : targets) {
    TargetCheck c;
    c.target = t;
    out << t.label << "\n";
    auto bad = [&](const std::string& what) {
      c.problems.push_back(what);
      out << "  FAIL " << what << "\n";
    };
    auto good = [&](const std::string& what) { out << "  ok   " << what << "\n"; };
    fs::path manifest_path = t.manifest_path;
    bool usable = true;
    if (t.registry_key) {
      const std::string name = to_string(t.hive) + "\\" + *t.registry_key;
      auto value = env.registry ? env.registry->default_value(t.hive, *t.registry_key) : std::nullopt;
      if (!value) {
        bad("registry key " + name + " missing: run recessive-install");
        usable = false;
      } else {
        good("registry key " + name + " = " + *value);
        manifest_path = *value;
      }
    }
    nlohmann::json manifest;
    if (usable) {
      auto text = read_file(manifest_path);
      if (!text) {
        bad("no manifest at " + manifest_path.string() + ": run recessive-install");
        usable = false;
      } else {
        try {
          manifest = nlohmann::json::parse(*text);
        } catch (const std::exception&) {
          bad("manifest " + manifest_path.string() + " is not valid JSON");
          usable = false;
        }
      }
    }
    if (usable) {
      auto problems = manifest_problems(manifest, t.family, o.allowed);
      if (problems.empty()) good("manifest " + manifest_path.string());
      for (const auto& p : problems) bad("manifest " + manifest_path.string() + ": " + p);
      if (!manifest.contains("path") || !manifest["path"].is_string()) usable = false;
    }
    if (usable) {
      const fs::path host = manifest["path"].get<std::string>();
      if (!path_exists(host)) {
        bad("host " + host.string() + " does not exist");
      } else if (!is_executable_file(host)) {
        bad("host " + host.string() + " is not an executable file");
      } else {
        good("host " + host.string() + " is executable");
        if (host.lexically_normal() != layout.host_path.lexically_normal())
          out << "  note host is not the one under the prefix (" << layout.host_path.string() << ")\n";
        if (!path_exists(host.parent_path() / "models" / "dsh-48.pt"))
          out << "  note no models/dsh-48.pt beside the host; it must find the model elsewhere\n";
        if (o.launch) {
          const std::string key = host.string() + "|" + to_string(t.family);
          auto it = probes.find(key);
          if (it == probes.end()) it = probes.emplace(key, probe_host(host, probe_args(t, o.allowed), o.timeout)).first;
          const ProbeResult& p = it->second;
          if (p.ok) {
            c.hello = "recessive-host " + p.version + ", protocol " + std::to_string(p.protocol) + ", device " +
                      p.device_kind + " (" + p.device_name + ")";
            char secs[32];
            std::snprintf(secs, sizeof secs, "%.1f", p.seconds);
            good("hello: " + *c.hello + ", " + secs + " s");
          } else {
            bad("launch: " + p.error);
            if (!p.stderr_tail.empty()) {
              // The host's last few stderr lines usually say why (missing model, bad library).
              std::vector<std::string> lines;
              size_t start = 0;
              while (start < p.stderr_tail.size()) {
                size_t end = p.stderr_tail.find('\n', start);
                if (end == std::string::npos) end = p.stderr_tail.size();
                lines.push_back(p.stderr_tail.substr(start, end - start));
                start = end + 1;
              }
              out << "       host stderr (last lines):\n";
              for (size_t i = lines.size() > 5 ? lines.size() - 5 : 0; i < lines.size(); ++i)
                out << "         " << lines[i] << "\n";
            }
          }
        }
      }
    }
    c.ok = c.problems.empty();
    report.targets.push_back(std::move(c));
  }
  if (targets.empty()) out << "No browser found or named: pass --browser NAME (" << browser_ids() << ").\n";

  for (const auto& s : find_sandboxed_browsers(env, layout.host_path)) {
    out << "warn " << (s.kind == "snap" ? "Snap " : "Flatpak ") << s.package << " (" << s.where.string() << "): "
        << s.advice << "\n";
    ++report.sandboxed;
  }
  size_t broken = 0;
  for (const auto& c : report.targets) broken += c.ok ? 0 : 1;
  report.ok = !report.targets.empty() && broken == 0;
  out << (report.ok ? "All " + std::to_string(report.targets.size()) + " registration(s) work.\n"
                    : std::to_string(broken) + " of " + std::to_string(report.targets.size()) +
                          " registration(s) broken.\n");
  return report;
}

}  // namespace recessive::installer
