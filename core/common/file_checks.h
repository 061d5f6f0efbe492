// Checks made before a file is opened for reading. Leaves out the reading itself (mapped_file.h,
// data/line_reader.h, json_file.h).
#pragma once

#include <string>

namespace persona {

// Throws IoError naming the path when it does not exist or is not a regular file: opening a FIFO
// for reading waits for a writer forever, and a folder or a device is never a valid input file.
void requireRegularFile(const std::string& path);

} // namespace persona
