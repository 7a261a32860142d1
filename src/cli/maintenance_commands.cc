#include "cli/maintenance_commands.h"

#include <iostream>
#include <memory>

#include "app/maintenance.h"

namespace followup::cli {

std::function<int()> define_check(CLI::App& /*cmd*/, Environment& env) {
  return [&env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    auto problems = app::store_problems(*session);
    if (!problems) return report_error(problems.error());
    if (!problems->empty()) {
      for (const auto& problem : *problems) std::cout << "damage: " << problem << "\n";
      const auto count = problems->size();
      return report_error(damaged_store_error("SQLite's integrity check found " + std::to_string(count) +
                                              (count == 1 ? " problem" : " problems")));
    }
    std::cout << "store checked: no damage found\n";
    return static_cast<int>(k_ok);
  };
}

std::function<int()> define_backup(CLI::App& cmd, Environment& env) {
  auto to = std::make_shared<std::string>();
  cmd.add_option("--to", *to, "the backup file to create (never overwritten)")->required();
  return [to, &env] {
    auto session = env.session();
    if (!session) return static_cast<int>(k_store_error);
    if (auto st = app::back_up_store(*session, *to); !st) return report_error(st.error());
    std::cout << "backup written to " << *to << " and checked: no damage found\n";
    return static_cast<int>(k_ok);
  };
}

}  // namespace followup::cli
