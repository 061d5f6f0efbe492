// One log sink for the whole core: the CLI points it at stderr, the GUI at its log panel.
// Thread-safe; the default sink writes warnings and errors to stderr.
#pragma once

#include <functional>
#include <string>

namespace persona::log {

enum class Level { Debug, Info, Warning, Error };

using Sink = std::function<void(Level, const std::string&)>;

// Replaces the sink (nullptr restores the default). The sink may be called from any thread.
void setSink(Sink sink);
void setMinimumLevel(Level level);
void write(Level level, const std::string& message);

inline void debug(const std::string& m) { write(Level::Debug, m); }
inline void info(const std::string& m) { write(Level::Info, m); }
inline void warning(const std::string& m) { write(Level::Warning, m); }
inline void error(const std::string& m) { write(Level::Error, m); }

} // namespace persona::log
