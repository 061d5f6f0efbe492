// The Method view: choose the method (text prompting, PERSOMA, MiLP), the adapter, the decoder
// mode, history size and sampling, learning rate, steps, batch size and device, or a preset (a
// teaching preset among them). Shows the full config Start runs as JSON (runConfig(): the core's
// defaults with every field, the default models, the dataset and these settings). Leaves out
// running it (the Training view).
#pragma once

#include "ui/views/method_settings.h"

#include <QWidget>

class QCheckBox;
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
    // Devices offered ("cpu", "cuda:0", ...), from api::systemInfo(); cpuBFloat16 false marks
    // bfloat16 as slow on this CPU.
    void setDevices(const QStringList& devices, bool cpuBFloat16 = true);
    // Applies the preset with that (translated) name; false when unknown.
    bool applyPreset(const QString& name);
    // The dataset the run trains on (the Data view's); "" = the default dataset.
    void setDatasetPath(const QString& path);
    QString datasetPath() const { return m_datasetPath; }
    // What Start runs: runConfig(settings(), datasetPath()) (a RunConfig, or a MilpConfig for
    // MiLP); the preview shows exactly this.
    nlohmann::json runConfig() const;
    QString previewText() const;

signals:
    void settingsChanged(const persona::ui::MethodSettings& settings);

private:
    void onChanged();
    void updateEnabled();

    QComboBox* m_preset = nullptr;
    QString m_basePreset = QStringLiteral("default"); // the core preset the settings go over
    QLabel* m_presetDescription = nullptr;
    QComboBox* m_method = nullptr;
    QComboBox* m_adapter = nullptr;
    QComboBox* m_decoder = nullptr;
    QCheckBox* m_standardize = nullptr;
    QSpinBox* m_history = nullptr;
    QComboBox* m_sampling = nullptr;
    QComboBox* m_promptContent = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_batch = nullptr;
    QComboBox* m_device = nullptr;
    QComboBox* m_dtype = nullptr;
    QComboBox* m_task = nullptr;
    QPlainTextEdit* m_preview = nullptr;
    QString m_datasetPath;
    int m_minItemRatings = -1; // not a field here: the Data view's (MethodSettings::minItemRatings)
    bool m_updating = false;
};

} // namespace persona::ui
