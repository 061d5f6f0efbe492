// One column of the Compare view: a method's output text for the user, its liked and disliked
// genres marked right or wrong against the truth, per-user F1, input tokens and latency.
// Model columns also get a run chooser and a note / tags editor for the stored prediction.
// Leaves out producing the prediction (compare_view.cpp, ui/workers/trained_run_worker.h).
#pragma once

#include "core/data/genre_task.h"

#include <QGroupBox>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace persona::data { struct Dataset; }

namespace persona::ui {

struct ColumnResult {
    QString output;                 // the method's text
    data::GenreLabels predicted;
    std::optional<double> f1;       // weighted F1 of this user, as in the paper's metric
    // A next-item run: the target item's text and the output's ROUGE-1 / ROUGE-L against it and
    // Persona-F1 against the history, shown instead of genres and F1.
    bool nextItem = false;
    QString target;
    std::optional<double> rouge1, rougeL, personaF1;
    std::optional<int> inputTokens; // tokens the method fed the decoder
    // Shown above the answer in the warning colour: e.g. the run was trained on another dataset,
    // so its answer and marks are for that dataset's user of the same key.
    QString notice;
    std::optional<double> latencyMs;
    // What the method saw: the decoder's input as text (text prompting: the whole prompt;
    // PERSOMA: its soft tokens named, then the instruction) and the history items it came from.
    QString input;
    QStringList shownItems;
};

class CompareColumn : public QGroupBox {
    Q_OBJECT
public:
    explicit CompareColumn(const QString& title, QWidget* parent = nullptr);

    // truth == nullptr shows the genres unmarked (the Truth column itself).
    void setResult(const data::Dataset& ds, const ColumnResult& result, const data::GenreLabels* truth);
    // Empty column with a short explanation (e.g. "needs a trained run").
    void setPlaceholder(const QString& text);
    void clear();

    // Model columns: a run chooser above the output and a note / tags editor below it.
    void enableRunChooser();
    QComboBox* runChooser() const { return m_runs; }
    // The stored prediction the note editor edits (0: none, editor disabled).
    void setPredictionId(qint64 id);
    QString notice() const; // the shown notice, empty when none
    qint64 predictionId() const { return m_predictionId; }
    void setNote(const QString& note, const QStringList& tags);
    QLineEdit* noteField() const { return m_note; }
    QLineEdit* tagsField() const { return m_tags; }
    QPushButton* saveNoteButton() const { return m_saveNote; }

    // Model columns: "Explain Items" (item attribution of the shown answer, shown by the view),
    // enabled by the view while the column has an answer.
    QPushButton* explainButton() const { return m_explain; }

    bool hasResult() const { return m_hasResult; }
    QString outputText() const;
    QString inputText() const; // the "Show Input" text: the items shown, then the decoder's input
    QString placeholderText() const; // what the column says while it has no result
    QString genresHtml() const;
    QString metricsText() const;

signals:
    void runChanged();
    void noteSaveRequested(qint64 predictionId, const QString& note, const QStringList& tags);
    void explainRequested();

private:
    QComboBox* m_runs = nullptr;
    QLineEdit* m_note = nullptr;
    QLineEdit* m_tags = nullptr;
    QPushButton* m_saveNote = nullptr;
    qint64 m_predictionId = 0;
    QPlainTextEdit* m_output = nullptr;
    QLabel* m_genres = nullptr;
    QLabel* m_notice = nullptr;
    QLabel* m_metrics = nullptr;
    QPushButton* m_showInput = nullptr;
    QPlainTextEdit* m_input = nullptr;
    bool m_hasResult = false;
    QPushButton* m_explain = nullptr;
};

// Weighted F1 of one user's prediction (core/eval MultiLabelScorer over the dataset's genres).
double userF1(const data::Dataset& ds, const data::GenreLabels& truth, const data::GenreLabels& predicted);

} // namespace persona::ui
