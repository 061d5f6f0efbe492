// The methods the workbench offers, as the GUI and the CLI see them (torch-free): names, the family
// views group runs by, what each reads and whether it trains or runs a search. Built from the core's
// method registry, so a new method appears here without a change. Leaves out running a method
// (training.h, milp.h) and its settings' labels (the GUI translates those).
#pragma once

#include <string>
#include <vector>

namespace persona::api {

struct MethodInfo {
    std::string name;                 // the config's "method": "persoma", "text", "zero-shot", ...
    std::vector<std::string> aliases; // also accepted: "zeroshot"
    std::string family;               // "persoma", "text", "milp", "counting"
    std::string title;                // English label ("PERSOMA"); the GUI shows its own translation
    std::vector<std::string> sections; // config sections it reads: "persoma", "decoder", "milp"
    bool trains = false;              // train.steps > 0 trains something
    bool nextItem = false;            // has a next-item output
    bool softPrompt = false;          // reads the user as soft tokens (Inspect's neighbours, attention)
    bool textPrompt = false;          // reads the user as text in its prompt (data.promptContent applies)
    std::string driver;               // a search it runs through the API ("search" for MiLP), "" = none

    bool reads(const std::string& section) const;
};

// Every method, in the registry's order.
std::vector<MethodInfo> methodInfos();
// The method called name (or an alias); ConfigError naming the value and the choices otherwise.
MethodInfo methodInfo(const std::string& name);
// The family of the method label a run recorded ("persoma-mlp-frozen" -> "persoma", "text-lora" and
// "zero-shot" -> "text", "milp" -> "milp"); "" for a label no method writes.
std::string methodFamily(const std::string& recordedLabel);
// The config method for a choice of family and decoder mode as the Method view offers them: text
// prompting with a frozen decoder trains nothing and is the zero-shot method.
std::string resolveMethod(const std::string& family, const std::string& decoderMode);

} // namespace persona::api
