// The one list of methods: every MethodSpec the workbench offers, in the order menus list them.
// Adding a method is one line in registry.cpp (and its folder). Leaves out the specs themselves
// (each in its method's folder).
#pragma once

#include "core/methods/method_spec.h"

#include <string>
#include <string_view>
#include <vector>

namespace persona::methods {

const std::vector<const MethodSpec*>& methodSpecs();
// The spec called name (or an alias of it); ConfigError naming the value and the choices otherwise.
const MethodSpec& findMethod(std::string_view name);
// The method a run config names when it names none (PERSOMA, the first of methodSpecs()).
const MethodSpec& defaultMethod();
// "persoma, text, zero-shot, counting or milp"
std::string methodChoices();

} // namespace persona::methods
