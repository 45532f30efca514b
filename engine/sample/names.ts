import type { Locale } from './countries.ts';

/** First and last names by locale, so that a shopper in Lyon is not called Bubba. */
export interface NameSet {
  female: readonly string[];
  male: readonly string[];
  last: readonly string[];
}

export const NAMES: Record<Locale, NameSet> = {
  en: {
    female: ['Olivia', 'Emma', 'Charlotte', 'Amelia', 'Sophia', 'Isabella', 'Ava', 'Mia', 'Evelyn', 'Harper', 'Grace', 'Chloe', 'Emily', 'Lily', 'Hannah', 'Zoe', 'Sarah', 'Jessica', 'Rachel', 'Megan', 'Lauren', 'Natalie', 'Ruby', 'Freya', 'Maya'],
    male: ['Liam', 'Noah', 'Oliver', 'James', 'Elijah', 'William', 'Henry', 'Lucas', 'Benjamin', 'Jack', 'Ethan', 'Daniel', 'Matthew', 'Samuel', 'David', 'Joseph', 'Ryan', 'Nathan', 'Thomas', 'George', 'Harry', 'Oscar', 'Leo', 'Owen', 'Caleb'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Evans', 'Turner', 'Parker', 'Collins', 'Edwards', "O'Brien", 'Murphy', 'Kelly', 'Nguyen', 'Patel', 'Kim', 'Chen', 'Singh', 'Lopez', 'Rivera'],
  },
  de: {
    female: ['Emma', 'Mia', 'Hannah', 'Sophie', 'Lena', 'Lea', 'Anna', 'Marie', 'Laura', 'Julia', 'Katharina', 'Johanna', 'Greta', 'Clara', 'Paula'],
    male: ['Lukas', 'Leon', 'Finn', 'Jonas', 'Paul', 'Felix', 'Maximilian', 'Elias', 'Noah', 'Tim', 'Jan', 'Niklas', 'Moritz', 'Tobias', 'Stefan'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger'],
  },
  fr: {
    female: ['Louise', 'Alice', 'Chloé', 'Emma', 'Inès', 'Léa', 'Manon', 'Camille', 'Juliette', 'Zoé', 'Clémence', 'Margaux', 'Élise', 'Sarah', 'Anaïs'],
    male: ['Gabriel', 'Louis', 'Raphaël', 'Jules', 'Arthur', 'Hugo', 'Lucas', 'Théo', 'Nathan', 'Mathis', 'Antoine', 'Julien', 'Maxime', 'Thomas', 'Étienne'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier'],
  },
  es: {
    female: ['Lucía', 'Sofía', 'Martina', 'María', 'Paula', 'Julia', 'Valeria', 'Carmen', 'Elena', 'Laura', 'Ana', 'Irene'],
    male: ['Hugo', 'Martín', 'Lucas', 'Mateo', 'Leo', 'Daniel', 'Alejandro', 'Pablo', 'Javier', 'Álvaro', 'Diego', 'Sergio'],
    last: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno'],
  },
  it: {
    female: ['Sofia', 'Giulia', 'Aurora', 'Alice', 'Ginevra', 'Emma', 'Giorgia', 'Beatrice', 'Chiara', 'Francesca', 'Martina', 'Elena'],
    male: ['Leonardo', 'Francesco', 'Alessandro', 'Lorenzo', 'Mattia', 'Andrea', 'Gabriele', 'Tommaso', 'Riccardo', 'Marco', 'Luca', 'Davide'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Costa'],
  },
  nl: {
    female: ['Emma', 'Julia', 'Mila', 'Tess', 'Sophie', 'Zoë', 'Sara', 'Nora', 'Fleur', 'Anna', 'Eva', 'Lotte'],
    male: ['Noah', 'Sem', 'Liam', 'Lucas', 'Daan', 'Finn', 'Levi', 'Luuk', 'Bram', 'Thijs', 'Jesse', 'Ruben'],
    last: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos'],
  },
  sv: {
    female: ['Alice', 'Maja', 'Elsa', 'Astrid', 'Wilma', 'Freja', 'Ebba', 'Saga', 'Ella', 'Linnea', 'Klara', 'Ingrid'],
    male: ['William', 'Liam', 'Noah', 'Hugo', 'Lucas', 'Oliver', 'Oscar', 'Axel', 'Elias', 'Erik', 'Nils', 'Gustav'],
    last: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lindberg', 'Lindqvist'],
  },
};

/** Lower-case ASCII letters only, for e-mail local parts ("Lefèvre" → "lefevre", "O'Brien" → "obrien"). */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
