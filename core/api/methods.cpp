#include "core/api/methods.h"

#include "core/common/error.h"
#include "core/methods/registry.h"

#include <algorithm>
#include <cctype>

namespace persona::api {
namespace {

MethodInfo infoOf(const methods::MethodSpec& s)
{
    MethodInfo m;
    m.name = s.name;
    for (const char* a : s.aliases)
        if (a)
            m.aliases.emplace_back(a);
    m.family = s.family;
    m.title = s.title;
    for (const char* sec : s.sections)
        m.sections.emplace_back(sec);
    m.trains = s.trains;
    m.nextItem = s.nextItem;
    m.softPrompt = s.softTokens;
    m.textPrompt = s.input == methods::InputKind::Text;
    m.driver = s.driver ? s.driver : "";
    return m;
}

} // namespace

bool MethodInfo::reads(const std::string& section) const
{
    return std::find(sections.begin(), sections.end(), section) != sections.end();
}

std::vector<MethodInfo> methodInfos()
{
    std::vector<MethodInfo> out;
    for (const methods::MethodSpec* s : methods::methodSpecs())
        out.push_back(infoOf(*s));
    return out;
}

MethodInfo methodInfo(const std::string& name)
{
    return infoOf(methods::findMethod(name));
}

std::string methodFamily(const std::string& label)
{
    // A method object's label is its method's name, then its settings: "persoma-mlp-frozen",
    // "text-lora", "zero-shot-text". The longest name that starts the label decides.
    const methods::MethodSpec* best = nullptr;
    for (const methods::MethodSpec* s : methods::methodSpecs()) {
        const std::string name = s->name;
        if (s->isCalled(label))
            return s->family;
        if (label.rfind(name, 0) == 0 && (label[name.size()] == '-' || std::isdigit(static_cast<unsigned char>(label[name.size()]))) &&
            (!best || name.size() > std::string(best->name).size()))
            best = s;
    }
    return best ? best->family : "";
}

std::string resolveMethod(const std::string& family, const std::string& decoderMode)
{
    const methods::MethodSpec* trainer = nullptr;
    const methods::MethodSpec* untrained = nullptr;
    for (const methods::MethodSpec* s : methods::methodSpecs()) {
        if (family != s->family)
            continue;
        if (s->trains && !trainer)
            trainer = s;
        if (!s->trains && !untrained)
            untrained = s;
    }
    // The family's trainer trains the decoder itself and the decoder is to stay frozen (text
    // prompting with a frozen decoder trains nothing): its untrained member is the method.
    if (trainer && trainer->needsTrainableDecoder && untrained &&
        methods::parseDecoderMode(decoderMode) == methods::DecoderMode::Frozen)
        return untrained->name;
    if (trainer)
        return trainer->name;
    return untrained ? untrained->name : methods::findMethod(family).name;
}

} // namespace persona::api
