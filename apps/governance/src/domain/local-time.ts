/** Wall-clock facts of an instant in an IANA timezone. */
export interface LocalTime {
  /** YYYY-MM-DD in that timezone. */
  readonly date: string;
  /** HH:MM, 24-hour. */
  readonly hhmm: string;
  /** Seconds since local midnight. */
  readonly secondOfDay: number;
  /** ISO weekday, 1 (Monday) to 7 (Sunday). */
  readonly isoWeekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows this IANA timezone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const hour = Number(parts["hour"]);
  const minute = Number(parts["minute"]);
  return {
    date: `${parts["year"]}-${parts["month"]}-${parts["day"]}`,
    hhmm: `${parts["hour"]}:${parts["minute"]}`,
    secondOfDay: hour * 3600 + minute * 60 + Number(parts["second"]),
    isoWeekday: weekdays[parts["weekday"] ?? ""] ?? 0,
  };
}
