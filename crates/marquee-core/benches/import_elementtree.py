"""The same extraction as Marquee's frab import, written the way Python signage
importers do it with ElementTree: every event with its times, room, persons
(with biographies from the top-level list), links and text. `make bench`
times a whole run of this against a whole run of Marquee's import."""

import sys
import xml.etree.ElementTree as ET
from datetime import datetime


def text(node, name):
    child = node.find(name)
    return (child.text or "").strip() if child is not None else ""


def main(path):
    root = ET.parse(path).getroot()
    bios = {p.get("id"): text(p, "biography") for p in root.iterfind("persons/person")}
    sessions, speakers, rooms = [], {}, {}
    for day in root.iterfind("day"):
        for room in day.iterfind("room"):
            rooms.setdefault(room.get("name"), len(rooms))
            for event in room.iterfind("event"):
                start = datetime.fromisoformat(text(event, "date"))
                hours, minutes = text(event, "duration").split(":")[:2]
                persons = []
                for person in event.iterfind("persons/person"):
                    key = person.get("id") or person.get("guid")
                    speakers.setdefault(key, (person.text, bios.get(key, "")))
                    persons.append(key)
                links = [(link.get("href"), link.text) for link in event.iterfind("links/link")]
                links += [(a.get("href"), a.text) for a in event.iterfind("attachments/attachment")]
                sessions.append({
                    "id": event.get("guid") or event.get("id"),
                    "title": text(event, "title"),
                    "room": text(event, "room") or room.get("name"),
                    "start": start,
                    "minutes": int(hours) * 60 + int(minutes),
                    "abstract": text(event, "abstract") + text(event, "description"),
                    "persons": persons,
                    "links": links,
                })
    print(f"{len(sessions)} sessions, {len(speakers)} speakers, {len(rooms)} rooms")


if __name__ == "__main__":
    main(sys.argv[1])
