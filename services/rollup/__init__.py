"""Roll-up for a city or province office (全市/全省总览): every unit's current round at once."""
