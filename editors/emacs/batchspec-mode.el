;;; batchspec-mode.el --- Major mode for batchspec (.batch) files, with eglot -*- lexical-binding: t; -*-

;; A small major mode (comments, strings, indentation by braces, block kinds highlighted) and the
;; eglot registration that runs `batchspec lsp'.

;;; Code:

(require 'eglot)
(require 'seq)
(require 'subr-x)

(defgroup batchspec nil "Azure Batch job definitions." :group 'languages)

(defcustom batchspec-executable nil
  "The batchspec executable; its `lsp' subcommand is the language server.
nil finds it: $VIRTUAL_ENV/bin, then the nearest .venv/bin or venv/bin
in the file's directory or above (where `pip install batchspec' put it),
then `batchspec' on PATH."
  :type '(choice (const :tag "Find it" nil) string))

(defun batchspec-find-executable (&optional directory)
  "The batchspec to run for files in DIRECTORY (default: `default-directory')."
  (or batchspec-executable
      (let* ((venv (getenv "VIRTUAL_ENV"))
             (dir (or directory default-directory))
             (candidates
              (append
               (when (and venv (not (string-empty-p venv)))
                 (list (expand-file-name "bin/batchspec" venv)))
               (delq nil
                     (mapcar (lambda (name)
                               (let ((root (locate-dominating-file dir name)))
                                 (and root (expand-file-name name root))))
                             '(".venv/bin/batchspec" "venv/bin/batchspec"))))))
        (or (seq-find #'file-executable-p candidates)
            (executable-find "batchspec")
            "batchspec"))))

(defcustom batchspec-indent-offset 2
  "Indentation of a block's body."
  :type 'integer)

(defvar batchspec-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?/ ". 124b" table)
    (modify-syntax-entry ?* ". 23" table)
    (modify-syntax-entry ?\n "> b" table)
    (modify-syntax-entry ?_ "w" table)
    (modify-syntax-entry ?- "w" table)
    (modify-syntax-entry ?\" "\"" table)
    table))

(defconst batchspec-font-lock-keywords
  `((,(regexp-opt '("account" "quota" "family" "storage" "application" "pool" "autoscale" "start_task"
                    "user" "remote_access" "inbound_nat" "rule" "containers" "registry" "blobfuse_mount"
                    "nfs_mount" "cifs_mount" "azure_files_mount" "extension" "os_disk" "data_disk"
                    "security" "upgrade_policy" "rolling" "auto" "existing_pool" "job" "prepare" "release"
                    "manager" "task" "container" "multi_instance" "exit" "input" "output" "schedule" "param"
                    "for" "in" "step")
                  'symbols)
     . font-lock-keyword-face)
    ("^\\s-*\\([A-Za-z_][A-Za-z0-9_-]*\\)\\s-*=" 1 font-lock-variable-name-face)
    (,(regexp-opt '("true" "false") 'symbols) . font-lock-constant-face)))

(defun batchspec--syntax-propertize (start end)
  "Mark the delimiters of multi-line strings between START and END.
Each `\"\"\"' that opens or closes one becomes a string fence."
  (goto-char start)
  (while (re-search-forward "\"\"\"" end t)
    (let ((ppss (save-excursion (syntax-ppss (match-beginning 0)))))
      (cond
       ((nth 4 ppss) nil)
       ((eq (nth 3 ppss) t)
        (put-text-property (1- (point)) (point) 'syntax-table (string-to-syntax "|")))
       ((not (nth 3 ppss))
        (put-text-property (match-beginning 0) (1+ (match-beginning 0))
                           'syntax-table (string-to-syntax "|")))))))

(defun batchspec-indent-line ()
  "Indent the current line by the depth of braces and brackets around it.
Lines inside a multi-line string keep their indentation: it is part of the text."
  (let* ((ppss (save-excursion (syntax-ppss (line-beginning-position))))
         (depth (car ppss)))
    (unless (nth 3 ppss)
    (save-excursion
      (back-to-indentation)
      (when (looking-at "[]}]") (setq depth (max 0 (1- depth))))
      (indent-line-to (* depth batchspec-indent-offset)))
    (when (< (current-column) (current-indentation)) (back-to-indentation)))))

;;;###autoload
(define-derived-mode batchspec-mode prog-mode "batchspec"
  "Major mode for batchspec files."
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local indent-line-function #'batchspec-indent-line)
  (setq-local syntax-propertize-function #'batchspec--syntax-propertize)
  (setq-local font-lock-defaults '(batchspec-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.batch\\'" . batchspec-mode))

;;;###autoload
(add-to-list 'auto-mode-alist '("/batchspec\\.config\\'" . batchspec-mode))

;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `(batchspec-mode . ,(lambda (&optional _interactive)
                                     (list (batchspec-find-executable) "lsp")))))

(provide 'batchspec-mode)
;;; batchspec-mode.el ends here
