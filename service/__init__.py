"""考核文书服务: appraisal rules that run, and the official paper they produce."""
