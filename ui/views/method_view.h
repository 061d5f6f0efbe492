// The Method view: choose the method (text prompting, PERSOMA, MiLP), the adapter, the decoder
// mode, history size and sampling, learning rate, steps, batch size and device, or a preset (a
// teaching preset among them). Shows the resulting config as JSON. Leaves out running it (the
// Training view runs runConfig(settings()) from method_settings.h).
#pragma once

#include "ui/views/method_settings.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;

namespace persona::ui {

class MethodView : public QWidget {
    Q_OBJECT
public:
    explicit MethodView(QWidget* parent = nullptr);

    MethodSettings settings() const;
    void setSettings(const MethodSettings& settings);
    // Devices offered ("cpu", "cuda:0", ...), from api::systemInfo().
    void setDevices(const QStringList& devices);
    // Applies the preset with that (translated) name; false when unknown.
    bool applyPreset(const QString& name);

signals:
    void settingsChanged(const persona::ui::MethodSettings& settings);

private:
    void onChanged();
    void updateEnabled();

    QComboBox* m_preset = nullptr;
    QLabel* m_presetDescription = nullptr;
    QComboBox* m_method = nullptr;
    QComboBox* m_adapter = nullptr;
    QComboBox* m_decoder = nullptr;
    QSpinBox* m_history = nullptr;
    QComboBox* m_sampling = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_batch = nullptr;
    QComboBox* m_device = nullptr;
    QPlainTextEdit* m_preview = nullptr;
    bool m_updating = false;
};

} // namespace persona::ui
