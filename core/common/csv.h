// CSV fields as RFC 4180 writes them, for every export (runs, predictions, item attribution).
#pragma once

#include <string>

namespace persona {

// The text as it is, or quoted (doubled quotes inside) when it holds a comma, a quote or a line break.
std::string csvField(const std::string& s);
// A double that reads back exactly (%.17g); "nan", "inf", "-inf" for the others.
std::string csvNumber(double v);

} // namespace persona
