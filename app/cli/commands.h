// The CLI's subcommands. Each commands_*.cpp adds its subcommand(s) to the app; the callback runs
// the command and records its exit code. Errors are caught in runGuarded and printed on stderr.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace persona::cli {

void registerCommands(CLI::App& app);
std::string versionString();
int exitCode();

// Runs `body`, turning persona::Error and std::exception into a message on stderr and exit code
// 1 (2 for configuration errors). Sets the process exit code returned by exitCode().
void runGuarded(const std::function<int()>& body);

// Subcommand registrations, one per file.
void addInfoCommand(CLI::App& app);

} // namespace persona::cli
