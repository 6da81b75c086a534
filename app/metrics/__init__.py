"""Provider figures for quality assurance: certificates, session feedback, portfolios."""
